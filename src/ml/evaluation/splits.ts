/**
 * Row splits for evaluation: seeded holdouts and k folds (stratified by class when asked), grouped versions that
 * never put rows of one group on both sides, and temporal versions that train on the past and validate on the
 * future. Every function returns row indices in ascending order and never reads the clock or a global RNG.
 */
import { seededRandom, ValidationError } from '../../core/index.js';

/** One train/validation split: ascending row indices, disjoint. */
export interface RowSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

function shuffle(indices: Int32Array, next: () => number): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = t;
  }
}

/** Rows grouped by `keys[i]` (all rows in one group when `keys` is undefined), groups in ascending key order. */
function groupRows(rows: number, keys: Int32Array | undefined): Int32Array[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const key = keys === undefined ? 0 : (keys[i] as number);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(i);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((key) => Int32Array.from(groups.get(key) as number[]));
}

function checkFolds(k: number, units: number, what: string): void {
  if (!Number.isInteger(k) || k < 2 || k > units)
    throw ValidationError({ field: 'folds', problem: `need 2 ≤ folds ≤ ${what} (${units}), got ${k}` });
}

function checkFraction(fraction: number): void {
  if (!(fraction > 0 && fraction < 1))
    throw ValidationError({ field: 'holdout', problem: `must be between 0 and 1 exclusive, got ${fraction}` });
}

function checkLength(values: ArrayLike<number>, rows: number, field: string): void {
  if (values.length !== rows) throw ValidationError({ field, problem: `has ${values.length} entries for ${rows} rows` });
}

/** Rows where `fold[i] === k` go to test, the others to train. */
export function foldSplit(fold: Int32Array, k: number): RowSplit {
  let size = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === k) size++;
  const test = new Int32Array(size);
  const train = new Int32Array(fold.length - size);
  let t = 0;
  let r = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === k) test[t++] = i;
    else train[r++] = i;
  }
  return { train, test };
}

/**
 * Assigns each row to one of `k` folds, seeded; with `strata` (class codes) every class is spread evenly over
 * the folds, like scikit-learn's StratifiedKFold with shuffling.
 * @throws MLP_CORE_VALIDATION unless 2 ≤ k ≤ rows.
 */
export function assignFoldsStratified(rows: number, k: number, seed: number, strata?: Int32Array): Int32Array {
  checkFolds(k, rows, 'rows');
  if (strata !== undefined) checkLength(strata, rows, 'strata');
  const next = seededRandom(seed);
  const fold = new Int32Array(rows);
  let offset = 0;
  for (const members of groupRows(rows, strata)) {
    shuffle(members, next);
    // Continue the round-robin where the previous class stopped so fold sizes stay balanced overall.
    for (let i = 0; i < members.length; i++) fold[members[i] as number] = (offset + i) % k;
    offset = (offset + members.length) % k;
  }
  return fold;
}

/**
 * Row indices of a seeded holdout split: `fraction` of the rows (per class when stratified) go to `test`.
 * @throws MLP_CORE_VALIDATION unless 0 < fraction < 1.
 */
export function holdoutSplit(rows: number, fraction: number, seed: number, strata?: Int32Array): RowSplit {
  checkFraction(fraction);
  if (strata !== undefined) checkLength(strata, rows, 'strata');
  const next = seededRandom(seed);
  const test: number[] = [];
  const train: number[] = [];
  for (const members of groupRows(rows, strata)) {
    shuffle(members, next);
    const cut = members.length < 2 ? 0 : Math.max(1, Math.round(members.length * fraction));
    members.forEach((row, i) => (i < cut ? test : train).push(row));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/**
 * Grouped k folds (scikit-learn's GroupKFold): every group lands in exactly one fold, so no group is on both
 * sides of any split. Groups are placed largest first, each into the fold with the fewest rows so far (the lowest
 * fold on a tie); groups of equal size are taken in a seeded random order.
 * @param groups group code of every row (any integers).
 * @throws MLP_CORE_VALIDATION unless 2 ≤ k ≤ the number of groups.
 */
export function assignGroupFolds(groups: Int32Array, k: number, seed: number): Int32Array {
  const members = groupRows(groups.length, groups);
  checkFolds(k, members.length, 'distinct groups');
  const order = Int32Array.from(members.keys());
  shuffle(order, seededRandom(seed));
  const sorted = [...order].sort((a, b) => (members[b] as Int32Array).length - (members[a] as Int32Array).length);
  const load = new Float64Array(k);
  const fold = new Int32Array(groups.length);
  for (const g of sorted) {
    let target = 0;
    for (let f = 1; f < k; f++) if ((load[f] as number) < (load[target] as number)) target = f;
    const rows = members[g] as Int32Array;
    for (let i = 0; i < rows.length; i++) fold[rows[i] as number] = target;
    load[target] = (load[target] as number) + rows.length;
  }
  return fold;
}

/**
 * A seeded grouped holdout (scikit-learn's GroupShuffleSplit with one split): whole groups, in a seeded random
 * order, go to `test` until it holds at least `fraction` of the rows; at least one group stays in `train`.
 * @throws MLP_CORE_VALIDATION unless 0 < fraction < 1 and there are at least two groups.
 */
export function groupHoldoutSplit(groups: Int32Array, fraction: number, seed: number): RowSplit {
  checkFraction(fraction);
  const members = groupRows(groups.length, groups);
  if (members.length < 2)
    throw ValidationError({ field: 'groups', problem: `a grouped holdout needs at least 2 distinct groups, got ${members.length}` });
  const order = Int32Array.from(members.keys());
  shuffle(order, seededRandom(seed));
  const inTest = new Uint8Array(groups.length);
  let taken = 0;
  for (let i = 0; i < order.length - 1 && taken < fraction * groups.length; i++) {
    const rows = members[order[i] as number] as Int32Array;
    for (let j = 0; j < rows.length; j++) inTest[rows[j] as number] = 1;
    taken += rows.length;
  }
  return foldSplit(Int32Array.from(inTest), 1);
}

/** Distinct time values in ascending order with the rows at each, after checking that no time is missing. */
function timeBlocks(times: Float64Array): { order: Int32Array; starts: number[] } {
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i] as number))
      throw ValidationError({ field: 'time', problem: `row ${i} has no time value; a temporal split needs a time for every row` });
  }
  const order = Int32Array.from({ length: times.length }, (_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const starts: number[] = [];
  for (let p = 0; p < order.length; p++) if (p === 0 || times[order[p] as number] !== times[order[p - 1] as number]) starts.push(p);
  return { order, starts };
}

/** Rows at sorted positions `[from, to)` of `order`, ascending. */
function rowsAt(order: Int32Array, from: number, to: number): Int32Array {
  return order.slice(from, to).sort();
}

/**
 * A temporal holdout: the latest `fraction` of the rows by `times` validate, everything earlier trains. Rows that
 * share a time value stay on one side (the cut moves to the nearest time-value boundary), so no validation row has
 * a training row at the same instant or later.
 * @param times one time value per row (ms since the epoch, or any ordered number), no missing values.
 * @throws MLP_CORE_VALIDATION for a missing time or when all rows share one time value.
 */
export function temporalHoldoutSplit(times: Float64Array, fraction: number): RowSplit {
  checkFraction(fraction);
  const { order, starts } = timeBlocks(times);
  if (starts.length < 2)
    throw ValidationError({ field: 'time', problem: 'every row has the same time; a temporal split needs at least two distinct times' });
  const wanted = times.length - Math.max(1, Math.round(times.length * fraction));
  // The time-value boundary nearest the wanted cut (the later one on a tie), never before the first instant.
  let cut = starts[1] as number;
  for (let b = 2; b < starts.length; b++) {
    if (Math.abs((starts[b] as number) - wanted) <= Math.abs(cut - wanted)) cut = starts[b] as number;
  }
  return { train: rowsAt(order, 0, cut), test: rowsAt(order, cut, order.length) };
}

/**
 * Temporal k folds with an expanding window (scikit-learn's TimeSeriesSplit): the rows sorted by time are cut into
 * `k + 1` consecutive parts; split i trains on parts 0..i and validates on part i + 1. With distinct times the
 * validation parts hold ⌊n / (k + 1)⌋ rows each and the first training part the remainder, as in scikit-learn;
 * cuts move forward to the next time-value boundary so rows sharing a time stay on one side.
 * @throws MLP_CORE_VALIDATION for a missing time or fewer than k + 1 distinct time values.
 */
export function temporalFolds(times: Float64Array, k: number): RowSplit[] {
  const { order, starts } = timeBlocks(times);
  checkFolds(k, starts.length - 1, 'distinct times - 1');
  const n = order.length;
  const testSize = Math.floor(n / (k + 1));
  const cuts: number[] = [];
  let block = 0;
  for (let i = 1; i <= k; i++) {
    const wanted = n - (k - i + 1) * testSize;
    // The first block starting at or after `wanted`, leaving at least one block for each later part.
    const last = starts.length - 1 - (k - i);
    block++;
    while (block < last && (starts[block] as number) < wanted) block++;
    cuts.push(starts[block] as number);
  }
  cuts.push(n);
  return Array.from({ length: k }, (_, i) => ({
    train: rowsAt(order, 0, cuts[i] as number),
    test: rowsAt(order, cuts[i] as number, cuts[i + 1] as number),
  }));
}

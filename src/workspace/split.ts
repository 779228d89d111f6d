import { seededRandom, ValidationError } from '../core/index.js';

function shuffle(indices: Int32Array, next: () => number): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = t;
  }
}

/**
 * Assigns each row to one of `k` folds, seeded; with `strata` (class codes) every class is spread evenly over
 * the folds, like scikit-learn's StratifiedKFold with shuffling.
 */
export function assignFoldsStratified(rows: number, k: number, seed: number, strata?: Int32Array): Int32Array {
  if (!Number.isInteger(k) || k < 2 || k > rows) throw ValidationError({ field: 'folds', problem: `need 2 ≤ folds ≤ rows (${rows}), got ${k}` });
  const next = seededRandom(seed);
  const fold = new Int32Array(rows);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const key = strata === undefined ? 0 : (strata[i] as number);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(i);
  }
  let offset = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(groups.get(key) as number[]);
    shuffle(members, next);
    // Continue the round-robin where the previous class stopped so fold sizes stay balanced overall.
    for (let i = 0; i < members.length; i++) fold[members[i] as number] = (offset + i) % k;
    offset = (offset + members.length) % k;
  }
  return fold;
}

/** Row indices of a seeded holdout split: `fraction` of the rows (per class when stratified) go to `test`. */
export function holdoutSplit(rows: number, fraction: number, seed: number, strata?: Int32Array): { train: Int32Array; test: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw ValidationError({ field: 'holdout', problem: `must be between 0 and 1 exclusive, got ${fraction}` });
  const next = seededRandom(seed);
  const test: number[] = [];
  const train: number[] = [];
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const key = strata === undefined ? 0 : (strata[i] as number);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(i);
  }
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(groups.get(key) as number[]);
    shuffle(members, next);
    const cut = members.length < 2 ? 0 : Math.max(1, Math.round(members.length * fraction));
    members.forEach((row, i) => (i < cut ? test : train).push(row));
  }
  const sorted = (list: number[]): Int32Array => Int32Array.from(list).sort();
  return { train: sorted(train), test: sorted(test) };
}

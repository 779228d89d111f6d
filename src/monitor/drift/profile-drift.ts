import {
  DriftEmptyDataError,
  DriftMethodUnsuitableError,
  DriftNoColumnsError,
  DriftProfileMismatchError,
  type Registry,
} from '../../core/index.js';
import type { ColumnProfile, Profile } from '../../data/index.js';
import { AUTO_SMALL_REFERENCE, type MethodChoice } from './auto-method.js';
import type { SampleSizes } from './column-sample.js';
import { checkScore, checkThreshold } from './drift-checks.js';
import { type DriftColumnType, type DriftMethod, type DriftSupport, isDrift, type UnivariateDriftMethod } from './drift-method.js';
import type { ColumnDrift, DriftReport } from './drift-result.js';
import { adjustColumns, datasetVerdict, sortColumns } from './drift-summary.js';
import { createDriftMethodRegistry } from './registry.js';

/** How {@link driftFromProfiles} compares. */
export interface ProfileDriftOptions {
  /** Columns to compare (default: every numeric, categorical and boolean column in both profiles). */
  readonly columns?: readonly string[];
  /** A method with `onProfile` for every column (default: chosen per column, see {@link chooseProfileMethod}). */
  readonly method?: string;
  readonly threshold?: number;
  readonly correction?: 'benjamini-hochberg' | 'none';
  readonly driftShare?: number;
  readonly labels?: { readonly reference?: string; readonly current?: string };
  readonly registry?: Registry<DriftMethod>;
}

/** Counts of both sides on one support, read from two column profiles, or why there are none. */
type ProfileCounts =
  | { ok: true; support: DriftSupport; labels: string[]; ref: Float64Array; cur: Float64Array; newCategories: string[] }
  | { ok: false; note: string };

const sum = (counts: Float64Array): number => counts.reduce((s, c) => s + c, 0);

/** A numeric column's histogram counts, the values below the first edge and above the last as their own bins. */
function histogramCounts(name: string, ref: ColumnProfile, cur: ColumnProfile): ProfileCounts {
  const a = ref.numeric?.histogram;
  const b = cur.numeric?.histogram;
  if (a == null || b == null) return { ok: false, note: `no finite value in the ${a == null ? 'reference' : 'current'} profile` };
  if (a.edges.length !== b.edges.length || a.edges.some((e, i) => e !== b.edges[i]))
    throw DriftProfileMismatchError({ column: name, problem: "the current histogram is not on the reference's edges" });
  const edges = a.edges;
  const labels = [
    `< ${edges[0]}`,
    ...a.counts.map((_, i) => `[${edges[i]}, ${edges[i + 1]}${i === a.counts.length - 1 ? ']' : ')'}`),
    `> ${edges[edges.length - 1]}`,
  ];
  return {
    ok: true,
    support: { kind: 'bins', edges: Float64Array.from(edges) },
    labels,
    ref: Float64Array.from([a.below, ...a.counts, a.above]),
    cur: Float64Array.from([b.below, ...b.counts, b.above]),
    newCategories: [],
  };
}

/** Exact level counts from both sides' frequent-items summaries (exact while a column has ≤ capacity levels). */
function levelCounts(name: string, ref: ColumnProfile, cur: ColumnProfile): ProfileCounts {
  const pairs = (p: ColumnProfile): Array<{ value: string; count: number }> | undefined => {
    if (p.boolean !== undefined)
      return [
        { value: 'false', count: p.boolean.falseCount },
        { value: 'true', count: p.boolean.trueCount },
      ];
    const state = p.sketch?.frequent;
    if (state === undefined) return undefined;
    // Misra–Gries is exact only while no counter was ever decremented: then the counters add up to the total.
    return state.items.reduce((s, item) => s + item.count, 0) === state.total ? state.items : undefined;
  };
  const a = pairs(ref);
  const b = pairs(cur);
  if (a === undefined || b === undefined) {
    if (ref.sketch === null || cur.sketch === null)
      throw DriftProfileMismatchError({ column: name, problem: 'a profile stored before profiles carried sketches has no level counts' });
    return {
      ok: false,
      note: `the ${a === undefined ? 'reference' : 'current'} profile's level counts are approximate (more levels than its frequent-items summary holds)`,
    };
  }
  const labels = [...new Set([...a.map((x) => x.value), ...b.map((x) => x.value)])];
  const index = new Map(labels.map((label, i) => [label, i]));
  const refCounts = new Float64Array(labels.length);
  const curCounts = new Float64Array(labels.length);
  for (const x of a) refCounts[index.get(x.value) as number] = x.count;
  for (const x of b) curCounts[index.get(x.value) as number] = x.count;
  const kept = labels.map((_, i) => i).filter((i) => (refCounts[i] as number) + (curCounts[i] as number) > 0);
  const keptLabels = kept.map((i) => labels[i] as string);
  const ref2 = Float64Array.from(kept, (i) => refCounts[i] as number);
  const cur2 = Float64Array.from(kept, (i) => curCounts[i] as number);
  return {
    ok: true,
    support: { kind: 'levels', labels: keptLabels },
    labels: keptLabels,
    ref: ref2,
    cur: cur2,
    newCategories: keptLabels.filter((_, i) => ref2[i] === 0),
  };
}

/**
 * The method for a column compared on profiles, where only counts exist: Evidently's small-sample rule keeps a
 * test (`chi-squared`) up to {@link AUTO_SMALL_REFERENCE} reference values, and a distance (`jensen-shannon`) above.
 */
export function chooseProfileMethod(type: DriftColumnType, referenceValues: number): MethodChoice {
  const size = `${referenceValues} reference values (${referenceValues <= AUTO_SMALL_REFERENCE ? '≤' : '>'} ${AUTO_SMALL_REFERENCE})`;
  return referenceValues <= AUTO_SMALL_REFERENCE
    ? { method: 'chi-squared', reason: `${type} profile, ${size}: a test on the counts` }
    : { method: 'jensen-shannon', reason: `${type} profile, ${size}: a distance between the shares` };
}

/**
 * Drift between two profiles (mergeable sketches of a reference and of a window, see `profileColumns`) with the
 * methods whose score needs only counts (`onProfile`: chi-squared, PSI, Jensen–Shannon, Hellinger): numeric
 * columns on the reference's histogram edges (values below and above them as two more bins), boolean columns,
 * and categorical columns whose frequent-items summaries are exact. No rows are needed, so replicas' and hours'
 * profiles merge first and compare once. Verdicts, correction, sorting and the dataset share as `driftReport`.
 * @throws MLP_DRIFT_EMPTY_DATA, MLP_DRIFT_NO_COLUMNS, MLP_DRIFT_PROFILE_MISMATCH (edges differ),
 *   MLP_DRIFT_METHOD_UNSUITABLE (a pinned method without `onProfile`), MLP_CORE_UNKNOWN_ID.
 */
export function driftFromProfiles(reference: Profile, current: Profile, options: ProfileDriftOptions = {}): DriftReport {
  const registry = options.registry ?? createDriftMethodRegistry();
  const labels = { reference: options.labels?.reference ?? 'reference', current: options.labels?.current ?? 'current' };
  if (reference.rowCount === 0) throw DriftEmptyDataError({ side: 'reference', label: labels.reference });
  if (current.rowCount === 0) throw DriftEmptyDataError({ side: 'current', label: labels.current });
  const pinned = options.method === undefined ? undefined : registry.get(options.method);
  if (pinned !== undefined && (pinned.multivariate || pinned.onProfile === undefined))
    throw DriftMethodUnsuitableError({
      method: pinned.id,
      column: '*',
      problem: 'it needs the raw values, which a profile does not hold',
      supported: [...pinned.columnTypes],
    });
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  const skipped: { column: string; reason: string }[] = [];
  const results: ColumnDrift[] = [];
  for (const ref of reference.columns) {
    if (options.columns !== undefined && !options.columns.includes(ref.name)) continue;
    const cur = curByName.get(ref.name);
    if (cur === undefined) {
      skipped.push({ column: ref.name, reason: 'only in the reference' });
      continue;
    }
    if (ref.type !== 'numeric' && ref.type !== 'categorical' && ref.type !== 'boolean') {
      skipped.push({ column: ref.name, reason: `${ref.type} columns are not compared` });
      continue;
    }
    const base = { column: ref.name, type: ref.type, currentType: cur.type, newCategories: [] as string[], details: {} };
    const sizes: SampleSizes = { reference: ref.count, referenceMissing: ref.missing, current: cur.count, currentMissing: cur.missing };
    const none = { method: null, kind: null, threshold: null, score: null, choice: null, sizes };
    if (ref.type !== cur.type) {
      results.push({
        ...base,
        ...none,
        status: 'type-changed',
        drift: true,
        note: `the column is ${ref.type} in the reference and ${cur.type} in the current data`,
      });
      continue;
    }
    const counts = ref.type === 'numeric' ? histogramCounts(ref.name, ref, cur) : levelCounts(ref.name, ref, cur);
    if (!counts.ok || sum(counts.ref) === 0 || sum(counts.cur) === 0) {
      results.push({ ...base, ...none, status: 'insufficient-data', drift: false, note: counts.ok ? 'no value on a side' : counts.note });
      continue;
    }
    const auto = chooseProfileMethod(ref.type, sum(counts.ref));
    const method = (pinned ?? registry.get(auto.method)) as UnivariateDriftMethod;
    if (!method.columnTypes.includes(ref.type))
      throw DriftMethodUnsuitableError({
        method: method.id,
        column: ref.name,
        problem: `the column is ${ref.type}`,
        supported: [...method.columnTypes],
      });
    const threshold =
      options.threshold === undefined ? method.defaultThreshold : checkThreshold(method.kind, options.threshold, 'threshold');
    const ctx = { column: ref.name, support: counts.support, distinct: counts.labels.length, seed: 0 };
    const result = checkScore(
      method,
      ref.name,
      (method.onProfile as NonNullable<UnivariateDriftMethod['onProfile']>)({ counts: counts.ref }, { counts: counts.cur }, ctx),
    );
    results.push({
      ...base,
      method: method.id,
      kind: method.kind,
      threshold,
      choice: pinned === undefined ? { by: 'auto', reason: auto.reason } : { by: 'pinned', reason: 'given for every column' },
      sizes,
      newCategories: counts.newCategories,
      status: 'ok',
      score: result.score,
      drift: isDrift(method.kind, result.score, threshold),
      ...(result.effectSize === undefined ? {} : { effectSize: result.effectSize }),
      details: { ...result.details, from: 'profile' },
      distribution: { kind: 'levels', labels: counts.labels, reference: shares(counts.ref), current: shares(counts.cur) },
    });
  }
  if (results.length === 0)
    throw DriftNoColumnsError({ reference: reference.columns.map((c) => c.name), current: current.columns.map((c) => c.name) });
  const correction = options.correction ?? 'benjamini-hochberg';
  const columns = correction === 'none' ? results : adjustColumns(results);
  return {
    reference: { label: labels.reference, rows: reference.rowCount },
    current: { label: labels.current, rows: current.rowCount },
    correction,
    columns: sortColumns(columns),
    skipped,
    multivariate: [],
    dataset: datasetVerdict(columns, [], options.driftShare ?? 0.5),
  };
}

function shares(counts: Float64Array): number[] {
  const total = sum(counts);
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

import {
  DriftEmptyDataError,
  DriftMethodUnsuitableError,
  DriftNoColumnsError,
  UnknownColumnError,
  ValidationError,
} from '../../core/index.js';
import type { Column, Frame } from '../../data/index.js';
import { chooseMethod } from './auto-method.js';
import { DEFAULT_BINS, driftType, type PreparedSamples, prepareLevels, prepareNumeric, type SampleSizes } from './column-sample.js';
import { checkOptions, checkScore, checkThreshold } from './drift-checks.js';
import { isDrift, type MultivariateDriftMethod, type UnivariateDriftMethod } from './drift-method.js';
import type { ColumnDrift, DriftOptions, DriftReport, MultivariateDrift } from './drift-result.js';
import { adjustColumns, datasetVerdict, sortColumns } from './drift-summary.js';
import { runMultivariate } from './multivariate.js';
import { createDriftMethodRegistry } from './registry.js';

export type { ColumnDrift, DriftOptions, DriftReport, MultivariateDrift } from './drift-result.js';

/** `record[key]` when the record has it as its own property (a column named `constructor` is not a method). */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** What a column's method choice resolved to. */
interface Plan {
  readonly method: UnivariateDriftMethod;
  readonly threshold: number;
  readonly choice: { by: 'auto' | 'pinned'; reason: string };
}

/** Columns compared: the asked ones (each must exist on both sides), or those on both sides of a drift type. */
function selectColumns(
  reference: Frame,
  current: Frame,
  asked: readonly string[] | undefined,
): { names: string[]; skipped: DriftReport['skipped'] } {
  const skipped: { column: string; reason: string }[] = [];
  if (asked !== undefined) {
    for (const name of asked) {
      if (!reference.has(name)) throw UnknownColumnError({ column: name, known: [...reference.columnNames] });
      if (!current.has(name)) throw UnknownColumnError({ column: name, known: [...current.columnNames] });
    }
  }
  const names: string[] = [];
  const candidates = asked === undefined ? reference.columnNames : [...new Set(asked)];
  for (const name of candidates) {
    if (!current.has(name)) {
      skipped.push({ column: name, reason: 'only in the reference' });
      continue;
    }
    const ref = reference.column(name);
    if (driftType(ref) === undefined) {
      skipped.push({ column: name, reason: `${ref.type} columns are not compared` });
      continue;
    }
    names.push(name);
  }
  if (asked === undefined)
    for (const name of current.columnNames) if (!reference.has(name)) skipped.push({ column: name, reason: 'only in the current data' });
  return { names, skipped };
}

function prepare(ref: Column, cur: Column, bins: number): PreparedSamples | SampleSizes {
  if (ref.type === 'numeric' && cur.type === 'numeric') return prepareNumeric(ref, cur, bins);
  if ((ref.type === 'categorical' || ref.type === 'boolean') && cur.type === ref.type) return prepareLevels(ref, cur);
  throw new TypeError('unreachable: prepare() called for differing or unsupported types');
}

function sizesOf(refRows: number, ref: Column, curRows: number, cur: Column): SampleSizes {
  const refMissing = missingOf(ref);
  const curMissing = missingOf(cur);
  return { reference: refRows - refMissing, referenceMissing: refMissing, current: curRows - curMissing, currentMissing: curMissing };
}

function missingOf(column: Column): number {
  let missing = 0;
  if (column.type === 'categorical') for (const code of column.codes) missing += code < 0 ? 1 : 0;
  else if (column.type === 'boolean') for (const v of column.values) missing += v > 1 ? 1 : 0;
  else if (column.type === 'numeric' || column.type === 'datetime') for (const v of column.values) missing += Number.isFinite(v) ? 0 : 1;
  else for (const v of column.values) missing += v === null ? 1 : 0;
  return missing;
}

/**
 * Compares the current data with the reference, column by column, and decides drift per column and for the
 * dataset. Each column gets a method (pinned, or chosen as Evidently does: {@link chooseMethod}) and a threshold
 * (given, or the method's default); the verdict comes from the method's kind (p-value below, distance at or
 * above the threshold), with Benjamini–Hochberg-adjusted p-values across the p-value columns unless `correction`
 * is `none`. Columns constant and equal on both sides get p = 1 or distance 0 without running the method;
 * columns without a value on a side are `insufficient-data`; columns whose type differs are `type-changed`
 * (drifted).
 * @throws MLP_DRIFT_EMPTY_DATA when a side has no rows; MLP_DRIFT_NO_COLUMNS when no column can be compared;
 *   MLP_DATA_UNKNOWN_COLUMN for an asked column missing on a side; MLP_CORE_UNKNOWN_ID for an unknown method;
 *   MLP_DRIFT_METHOD_UNSUITABLE for a pinned method that cannot test a column; MLP_CORE_VALIDATION for bad options.
 */
export async function driftReport(reference: Frame, current: Frame, options: DriftOptions = {}): Promise<DriftReport> {
  checkOptions(options);
  const registry = options.registry ?? createDriftMethodRegistry();
  const labels = { reference: options.labels?.reference ?? 'reference', current: options.labels?.current ?? 'current' };
  if (reference.rowCount === 0) throw DriftEmptyDataError({ side: 'reference', label: labels.reference });
  if (current.rowCount === 0) throw DriftEmptyDataError({ side: 'current', label: labels.current });
  const bins = options.bins ?? DEFAULT_BINS;
  const seed = options.seed ?? 0;
  const correction = options.correction ?? 'benjamini-hochberg';
  const { names, skipped } = selectColumns(reference, current, options.columns);
  if (names.length === 0) throw DriftNoColumnsError({ reference: [...reference.columnNames], current: [...current.columnNames] });

  const multivariate: MultivariateDriftMethod[] = [];
  const addMultivariate = (id: string) => {
    const method = registry.get(id);
    if (!method.multivariate)
      throw ValidationError({ field: 'multivariate', problem: `${id} compares one column at a time; give it as method` });
    if (!multivariate.includes(method)) multivariate.push(method);
  };
  for (const id of options.multivariate ?? []) addMultivariate(id);
  let pinnedAll: UnivariateDriftMethod | undefined;
  // `threshold` goes with `method`: to the columns, or to the multivariate method when that is the one given.
  let columnThreshold = options.threshold;
  let multivariateThreshold: number | undefined;
  if (options.method !== undefined) {
    const method = registry.get(options.method);
    if (method.multivariate) {
      addMultivariate(method.id);
      multivariateThreshold = options.threshold;
      columnThreshold = undefined;
    } else pinnedAll = method;
  }
  for (const [column, id] of Object.entries(options.methods ?? {})) {
    if (!names.includes(column)) throw UnknownColumnError({ column, known: names });
    if (registry.get(id).multivariate)
      throw ValidationError({ field: `methods.${column}`, problem: `${id} is multivariate; give it in multivariate` });
  }

  for (const column of Object.keys(options.thresholds ?? {}))
    if (!names.includes(column)) throw UnknownColumnError({ column, known: names });

  const planFor = (column: string, prepared: PreparedSamples): Plan => {
    const pinnedId = own(options.methods, column);
    const pinned = pinnedId === undefined ? pinnedAll : (registry.get(pinnedId) as UnivariateDriftMethod);
    let method: UnivariateDriftMethod;
    let choice: Plan['choice'];
    if (pinned !== undefined) {
      if (!pinned.columnTypes.includes(prepared.type)) {
        throw DriftMethodUnsuitableError({
          method: pinned.id,
          column,
          problem: `the column is ${prepared.type}`,
          supported: [...pinned.columnTypes],
        });
      }
      if (pinned.maxDistinct !== undefined && prepared.distinct > pinned.maxDistinct) {
        const problem = `it has ${prepared.distinct} distinct values and the method takes at most ${pinned.maxDistinct}`;
        throw DriftMethodUnsuitableError({ method: pinned.id, column, problem, supported: [...pinned.columnTypes] });
      }
      method = pinned;
      choice = { by: 'pinned', reason: pinnedId === undefined ? 'given for every column' : 'given for this column' };
    } else {
      const auto = chooseMethod(prepared.type, prepared.sizes.reference, prepared.distinct);
      method = registry.get(auto.method) as UnivariateDriftMethod;
      choice = { by: 'auto', reason: auto.reason };
    }
    const perColumn = own(options.thresholds, column);
    const given = perColumn ?? columnThreshold;
    const field = perColumn === undefined ? 'threshold' : `thresholds.${column}`;
    return { method, threshold: given === undefined ? method.defaultThreshold : checkThreshold(method.kind, given, field), choice };
  };

  const results: ColumnDrift[] = [];
  for (const name of names) {
    const ref = reference.column(name);
    const cur = current.column(name);
    const base = { column: name, type: ref.type, currentType: cur.type };
    if (ref.type !== cur.type) {
      results.push({
        ...base,
        status: 'type-changed',
        method: null,
        kind: null,
        threshold: null,
        score: null,
        drift: true,
        choice: null,
        sizes: sizesOf(reference.rowCount, ref, current.rowCount, cur),
        newCategories: [],
        note: `the column is ${ref.type} in the reference and ${cur.type} in the current data`,
        details: {},
      });
      continue;
    }
    const prepared = prepare(ref, cur, bins);
    if (!('type' in prepared)) {
      results.push({
        ...base,
        status: 'insufficient-data',
        method: null,
        kind: null,
        threshold: null,
        score: null,
        drift: false,
        choice: null,
        sizes: prepared,
        newCategories: [],
        note: `no non-missing value in the ${prepared.reference === 0 ? 'reference' : 'current data'}`,
        details: {},
      });
      continue;
    }
    const plan = planFor(name, prepared);
    const { method, threshold, choice } = plan;
    const common = {
      ...base,
      method: method.id,
      kind: method.kind,
      threshold,
      choice,
      sizes: prepared.sizes,
      newCategories: prepared.newCategories,
      distribution: prepared.distribution,
    };
    const smallest = Math.min(prepared.sizes.reference, prepared.sizes.current);
    if (smallest < method.minSamples) {
      results.push({
        ...common,
        status: 'insufficient-data',
        score: null,
        drift: false,
        note: `${method.id} needs at least ${method.minSamples} values on each side; the smaller side has ${smallest}`,
        details: {},
      });
      continue;
    }
    if (prepared.distinct === 1) {
      // Both sides hold one and the same value: the distributions are equal, whatever the method would say.
      const score = method.kind === 'p-value' ? 1 : 0;
      results.push({
        ...common,
        status: 'ok',
        score,
        drift: false,
        ...(method.kind === 'p-value' ? { effectSize: { name: 'none', value: 0 } } : {}),
        note: 'both sides are constant and equal: no drift',
        details: {},
      });
      continue;
    }
    const result = checkScore(
      method,
      name,
      await method.onSample(prepared.reference, prepared.current, {
        column: name,
        support: prepared.support,
        distinct: prepared.distinct,
        seed,
      }),
    );
    results.push({
      ...common,
      status: 'ok',
      score: result.score,
      drift: isDrift(method.kind, result.score, threshold),
      ...(result.effectSize === undefined ? {} : { effectSize: result.effectSize }),
      details: result.details ?? {},
    });
  }

  const columns = correction === 'none' ? results : adjustColumns(results);
  const multivariateResults: MultivariateDrift[] = [];
  for (const method of multivariate)
    multivariateResults.push(
      await runMultivariate(method, reference, current, columns, method.id === options.method ? multivariateThreshold : undefined, seed),
    );

  return {
    reference: { label: labels.reference, rows: reference.rowCount },
    current: { label: labels.current, rows: current.rowCount },
    correction,
    columns: sortColumns(columns),
    skipped,
    multivariate: multivariateResults,
    dataset: datasetVerdict(columns, multivariateResults, options.driftShare ?? 0.5),
  };
}

/**
 * Performance without labels on a replay of real temporal data (issue 16 §4): does the label-free estimate track
 * the realised metric window by window?
 *
 *   npm run bench -- performance [--seed 0]
 *
 * (a) flights (../shared/datasets/flights.csv, regression of `delay`): the 2001-01/02 rows are shuffled (seeded);
 *     70% train a gbdt (100 rounds), the other 30% are the reference (validation) data on which DLE learns the
 *     error pattern and the baseline band is measured. March–June is scored in 7-day windows from 1 March.
 *     Per window: realised MAE / RMSE (with a bootstrap CI) against the DLE estimate.
 * (b) seattle_weather (multiclass `weather`, by month): 2012 is shuffled (seeded); 60% train a gbdt, 40% are the
 *     reference for CBPE. Every month of 2013–2015: realised accuracy / macro ROC AUC against CBPE's estimate.
 * (c) planted covariate shift, where CBPE should hold: each quarter of 2013–2015 split into a window of dry days and
 *     one of wet days (the input mix changes, the weather→label relation does not).
 * (d) planted concept drift, where the estimators must fail: flights from May on get their true delay raised
 *     (+20 min and ×1.5: a new target relation for the same inputs); seattle 2015 has its `rain` and `sun` labels
 *     swapped. The inputs and predictions are unchanged, so the estimates do not move while the realised metric does.
 *
 * The comparator, computed in the same run: "constant" = the reference's realised metric used as the estimate of
 * every window (what you assume without an estimator). NannyML itself is not run: it is a PyPI package, which
 * this machine cannot install; its claim (CBPE holds under covariate shift, not under concept drift) is what (c) and
 * (d) check.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/index.js';
import { featureMatrix, gbdtLearner } from '../src/ml/index.js';
import type { FeatureMatrix } from '../src/ml/index.js';
import {
  loadPerformanceEngine,
  estimateCbpe,
  estimateDle,
  fitCbpe,
  fitDle,
  performanceBaseline,
  windowedPerformance,
} from '../src/monitor/index.js';
import type { RowWindow, WindowMetric } from '../src/monitor/index.js';
import { optionValues } from './lib/args.js';
import { printTable } from './lib/report.js';

// The performance functions compute with the engine, which is loaded on demand.
await loadPerformanceEngine();

const here = dirname(fileURLToPath(import.meta.url));
const datasets = join(here, '..', '..', 'shared', 'datasets');
const seed = Number(optionValues('--seed')[0] ?? 0);

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  return { header: (lines[0] as string).split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function shuffled(n: number, s: number): Uint32Array {
  const rng = seededRandom(s);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

function take(X: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const cols = X.columns.map((c) => Float64Array.from({ length: rows.length }, (_, j) => c[rows[j] as number] as number));
  return featureMatrix(cols, { names: X.names, categorical: X.categorical });
}

const pick = (v: Float64Array, rows: ArrayLike<number>): Float64Array =>
  Float64Array.from({ length: rows.length }, (_, j) => v[rows[j] as number] as number);

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += ((a[i] as number) - ma) * ((b[i] as number) - mb);
    saa += ((a[i] as number) - ma) ** 2;
    sbb += ((b[i] as number) - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const meanAbs = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0) / a.length;
const valueOf = (ms: readonly WindowMetric[], id: string): number => ms.find((m) => m.metric === id)?.value ?? Number.NaN;
/** The value, or the status (e.g. `one-class`) when the metric is undefined on the window. */
const cell = (ms: readonly WindowMetric[], id: string): number | string => {
  const m = ms.find((x) => x.metric === id);
  return m === undefined ? '-' : (m.value ?? m.status);
};
const ci = (ms: readonly WindowMetric[], id: string, digits: number): string => {
  const m = ms.find((x) => x.metric === id);
  return m?.lower === null || m === undefined ? '-' : `[${(m.lower as number).toFixed(digits)}, ${(m.upper as number).toFixed(digits)}]`;
};

interface Summary {
  readonly replay: string;
  readonly metric: string;
  readonly windows: number;
  readonly estimator: string;
  readonly mae: number;
  readonly r: number;
  readonly constantMae: number;
}
const summaries: Summary[] = [];

function summarise(replay: string, metric: string, estimator: string, est: number[], real: number[], constant: number): void {
  summaries.push({
    replay,
    metric,
    windows: real.length,
    estimator,
    mae: meanAbs(est, real),
    r: pearson(est, real),
    constantMae: meanAbs(
      real.map(() => constant),
      real,
    ),
  });
}

async function flights(): Promise<void> {
  const { rows } = readCsv(join(datasets, 'flights.csv'));
  const n = rows.length;
  const levels = [3, 4].map((c) => new Map([...new Set(rows.map((r) => r[c] as string))].sort().map((v, i) => [v, i])));
  const cols = Array.from({ length: 5 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  const day = new Int32Array(n); // days since 2001-01-01
  const t0 = Date.UTC(2001, 0, 1);
  rows.forEach((r, i) => {
    const d = r[0] as string;
    y[i] = Number(r[1]);
    const ms = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
    day[i] = Math.round((ms - t0) / 86_400_000);
    (cols[0] as Float64Array)[i] = Number(r[2]);
    (cols[1] as Float64Array)[i] = levels[0]?.get(r[3] as string) as number;
    (cols[2] as Float64Array)[i] = levels[1]?.get(r[4] as string) as number;
    (cols[3] as Float64Array)[i] = Number(d.slice(11, 13));
    (cols[4] as Float64Array)[i] = (new Date(ms).getUTCDay() + 6) % 7;
  });
  const X = featureMatrix(cols, { names: ['distance', 'origin', 'destination', 'hour', 'day_of_week'] });
  const march1 = 31 + 28;
  const may1 = march1 + 31 + 30;
  let early = 0;
  while (early < n && (day[early] as number) < march1) early++; // rows are sorted by date
  const order = shuffled(early, seed);
  const cut = Math.round(0.7 * early);
  const trainRows = order.subarray(0, cut);
  const refRows = order.subarray(cut);
  const model = await gbdtLearner.fit(
    take(X, trainRows),
    { task: 'regression', y: pick(y, trainRows) },
    { numRounds: 100 },
    { seed, threads: 1 },
  );
  const Xref = take(X, refRows);
  const refPred = model.predict(Xref);
  const refTrue = pick(y, refRows);
  const dle = await fitDle(Xref, { yPred: refPred, yTrue: refTrue }, { seed, numRounds: 100 });

  const later = Uint32Array.from({ length: n - early }, (_, j) => early + j);
  const Xl = take(X, later);
  const pred = model.predict(Xl);
  const yl = pick(y, later);
  const windows: RowWindow[] = [];
  for (let start = 0; start < later.length;) {
    const week = Math.floor(((day[later[start] as number] as number) - march1) / 7);
    let end = start;
    while (end < later.length && Math.floor(((day[later[end] as number] as number) - march1) / 7) === week) end++;
    const d = new Date(t0 + (march1 + 7 * week) * 86_400_000).toISOString().slice(0, 10);
    windows.push({ start, end, label: d });
    start = end;
  }
  const sizes = windows.map((w) => w.end - w.start).sort((a, b) => a - b);
  const typical = sizes[Math.floor(sizes.length / 2)] as number;
  const refOutputs = { task: 'regression', yPred: refPred, yTrue: refTrue } as const;
  const baseline = performanceBaseline(refOutputs, { metric: 'mae', windowSize: typical, seed });
  // flights of one day share its weather: resample whole reference days, 7 per simulated week
  const byDay = performanceBaseline(refOutputs, {
    metric: 'mae',
    windowSize: typical,
    seed,
    blocks: { groups: pick(Float64Array.from(day), refRows), perWindow: 7 },
  });
  const outside = (v: number, b: typeof baseline): string => (v < b.lower || v > b.upper ? 'yes' : '');

  const drifted = yl.map((v, j) => ((day[later[j] as number] as number) >= may1 ? 20 + 1.5 * v : v));
  for (const [name, labels] of [
    ['flights', yl],
    ['flights + concept drift from May', drifted],
  ] as const) {
    const real = windowedPerformance({ task: 'regression', yPred: pred, yTrue: labels }, windows, {
      metrics: ['mae', 'rmse'],
      replicates: 200,
      seed,
    });
    const est = estimateDle(dle, Xl, pred, windows);
    const table = windows.map((w, j) => {
      const r = real[j]!.metrics;
      const e = est[j]!;
      const mae = valueOf(r, 'mae');
      return [
        w.label ?? '',
        w.end - w.start,
        mae,
        ci(r, 'mae', 2),
        e.mae ?? NaN,
        valueOf(r, 'rmse'),
        ci(r, 'rmse', 1),
        e.rmse ?? NaN,
        outside(mae, baseline),
        outside(mae, byDay),
      ];
    });
    printTable(
      `${name}: weekly realised vs DLE (gbdt on ${cut} Jan–Feb rows; DLE and baseline on ${refRows.length} held-out Jan–Feb rows)`,
      ['week from', 'rows', 'MAE', '95% CI', 'DLE MAE', 'RMSE', '95% CI', 'DLE RMSE', 'MAE out of row band', 'MAE out of day band'],
      table,
    );
    // the drift case is summarised over the windows wholly inside the drift (from the first week starting in May)
    const keep = windows.map((w, j) => j).filter((j) => labels === yl || (day[later[windows[j]!.start] as number] as number) >= may1);
    const sel = (f: (j: number) => number): number[] => keep.map(f);
    const tag = labels === yl ? name : `${name} (${keep.length} drifted weeks)`;
    summarise(
      tag,
      'MAE',
      'DLE',
      sel((j) => est[j]!.mae as number),
      sel((j) => valueOf(real[j]!.metrics, 'mae')),
      dle.referenceRealised.mae,
    );
    summarise(
      tag,
      'RMSE',
      'DLE',
      sel((j) => est[j]!.rmse as number),
      sel((j) => valueOf(real[j]!.metrics, 'rmse')),
      dle.referenceRealised.rmse,
    );
  }
  console.log(
    `\nreference: MAE ${dle.referenceRealised.mae.toFixed(2)}, RMSE ${dle.referenceRealised.rmse.toFixed(2)}; ` +
      `baseline for ${typical}-row weeks: MAE ${baseline.realised.toFixed(2)} ± 3·${baseline.sd.toFixed(3)} = [${baseline.lower.toFixed(2)}, ${baseline.upper.toFixed(2)}] ` +
      `resampling rows, ± 3·${byDay.sd.toFixed(3)} = [${byDay.lower.toFixed(2)}, ${byDay.upper.toFixed(2)}] resampling 7 whole days`,
  );
}

async function seattle(): Promise<void> {
  const { rows } = readCsv(join(datasets, 'seattle_weather.csv'));
  const classes = [...new Set(rows.map((r) => r[5] as string))].sort();
  const code = new Map(classes.map((c, i) => [c, i]));
  const n = rows.length;
  const cols = Array.from({ length: 4 }, (_, j) => Float64Array.from(rows, (r) => Number(r[j + 1])));
  const X = featureMatrix(cols, { names: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
  const y = Float64Array.from(rows, (r) => code.get(r[5] as string) as number);
  const month = rows.map((r) => (r[0] as string).slice(0, 7));
  let first = 0;
  while (first < n && (month[first] as string) < '2013') first++;
  const order = shuffled(first, seed);
  const cut = Math.round(0.6 * first);
  const trainRows = order.subarray(0, cut);
  const refRows = order.subarray(cut);
  const k = classes.length;
  const model = await gbdtLearner.fit(
    take(X, trainRows),
    { task: 'multiclass', y: Int32Array.from(pick(y, trainRows)), classes },
    { numRounds: 100 },
    { seed, threads: 1 },
  );
  const proba = (M: FeatureMatrix): Float64Array => (model.predictProba as (m: FeatureMatrix) => Float64Array)(M);
  const refProba = proba(take(X, refRows));
  const cbpe = fitCbpe(
    { task: 'classification', nClasses: k, proba: refProba, yTrue: pick(y, refRows) },
    { seed, minCalibrationRows: 100 },
  );
  const later = Uint32Array.from({ length: n - first }, (_, j) => first + j);
  const p = proba(take(X, later));
  const yl = pick(y, later);
  const windows: RowWindow[] = [];
  for (let start = 0; start < later.length;) {
    let end = start;
    const m = month[later[start] as number] as string;
    while (end < later.length && month[later[end] as number] === m) end++;
    windows.push({ start, end, label: m });
    start = end;
  }
  const rain = code.get('rain') as number;
  const sun = code.get('sun') as number;
  const swapped = yl.map((v, j) => ((month[later[j] as number] as string) >= '2015' ? (v === rain ? sun : v === sun ? rain : v) : v));
  const est = estimateCbpe(cbpe, { task: 'classification', nClasses: k, proba: p }, windows);
  for (const [name, labels] of [
    ['seattle_weather', yl],
    ['seattle_weather + rain/sun labels swapped in 2015', swapped],
  ] as const) {
    const real = windowedPerformance({ task: 'classification', nClasses: k, proba: p, yTrue: labels }, windows, {
      metrics: ['accuracy', 'roc-auc'],
      replicates: 200,
      seed,
    });
    const table = windows.map((w, j) => {
      const r = real[j]!.metrics;
      const e = est[j]!.metrics;
      const ea = e.find((m) => m.metric === 'accuracy')!;
      const eu = e.find((m) => m.metric === 'roc-auc')!;
      return [
        w.label ?? '',
        w.end - w.start,
        valueOf(r, 'accuracy'),
        ci(r, 'accuracy', 2),
        ea.value ?? NaN,
        ea.standardError ?? NaN,
        cell(r, 'roc-auc'),
        eu.value ?? NaN,
        eu.standardError ?? NaN,
      ];
    });
    printTable(
      `${name}: monthly realised vs CBPE (gbdt on ${cut} rows of 2012; CBPE reference ${refRows.length} rows of 2012)`,
      ['month', 'rows', 'accuracy', 'Wilson 95%', 'CBPE acc', 'SE', 'macro AUC', 'CBPE AUC', 'SE'],
      table,
    );
    const keep = windows.map((w, j) => j).filter((j) => labels === yl || (windows[j]!.label as string) >= '2015');
    const sel = (f: (j: number) => number): number[] => keep.map(f);
    const tag = labels === yl ? name : `${name} (${keep.length} drifted months)`;
    const estOf = (j: number, id: string): number => est[j]!.metrics.find((m) => m.metric === id)!.value as number;
    summarise(
      tag,
      'accuracy',
      'CBPE',
      sel((j) => estOf(j, 'accuracy')),
      sel((j) => valueOf(real[j]!.metrics, 'accuracy')),
      cbpe.referenceRealised.accuracy as number,
    );
    summarise(
      tag,
      'macro ROC AUC',
      'CBPE',
      sel((j) => estOf(j, 'roc-auc')),
      sel((j) => valueOf(real[j]!.metrics, 'roc-auc')),
      cbpe.referenceRealised['roc-auc'] as number,
    );
  }
  // planted covariate shift: per quarter, one window of dry days and one of wet days (P(x) changes a lot,
  // P(y | x) does not), so CBPE should follow the realised metric
  const precipitation = cols[0] as Float64Array;
  const perm: number[] = [];
  const shiftWindows: RowWindow[] = [];
  const quarters = [...new Set(later.map((i) => i))].reduce<string[]>((qs, i) => {
    const m = month[i] as string;
    const q = `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
    if (!qs.includes(q)) qs.push(q);
    return qs;
  }, []);
  for (const q of quarters) {
    for (const wet of [false, true]) {
      const start = perm.length;
      later.forEach((i, j) => {
        const m = month[i] as string;
        const qi = `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
        if (qi === q && (precipitation[i] as number) > 0 === wet) perm.push(j);
      });
      shiftWindows.push({ start, end: perm.length, label: `${q} ${wet ? 'wet' : 'dry'}` });
    }
  }
  const pShift = new Float64Array(perm.length * k);
  perm.forEach((j, t) => pShift.set(p.subarray(j * k, (j + 1) * k), t * k));
  const yShift = Float64Array.from(perm, (j) => yl[j] as number);
  const estShift = estimateCbpe(cbpe, { task: 'classification', nClasses: k, proba: pShift }, shiftWindows);
  const realShift = windowedPerformance({ task: 'classification', nClasses: k, proba: pShift, yTrue: yShift }, shiftWindows, {
    metrics: ['accuracy', 'roc-auc'],
    replicates: 200,
    seed,
  });
  const estAt = (j: number, id: string): number => estShift[j]!.metrics.find((m) => m.metric === id)!.value ?? Number.NaN;
  printTable(
    'seattle_weather, planted covariate shift: dry and wet days of each quarter as separate windows',
    ['window', 'rows', 'accuracy', 'Wilson 95%', 'CBPE acc', 'macro AUC', 'CBPE AUC'],
    shiftWindows.map((w, j) => [
      w.label ?? '',
      w.end - w.start,
      cell(realShift[j]!.metrics, 'accuracy'),
      ci(realShift[j]!.metrics, 'accuracy', 2),
      estAt(j, 'accuracy'),
      cell(realShift[j]!.metrics, 'roc-auc'),
      estAt(j, 'roc-auc'),
    ]),
  );
  // windows where a metric is undefined (e.g. AUC with one class present) are left out of the summary
  for (const [id, label] of [
    ['accuracy', 'accuracy'],
    ['roc-auc', 'macro ROC AUC'],
  ] as const) {
    const ok = shiftWindows
      .map((_, j) => j)
      .filter((j) => Number.isFinite(valueOf(realShift[j]!.metrics, id)) && Number.isFinite(estAt(j, id)));
    summarise(
      'seattle_weather, dry/wet days by quarter (covariate shift)',
      label,
      'CBPE',
      ok.map((j) => estAt(j, id)),
      ok.map((j) => valueOf(realShift[j]!.metrics, id)),
      cbpe.referenceRealised[id] as number,
    );
  }
  console.log(`\nCBPE calibration: ${cbpe.calibration} (${cbpe.calibrationReason})`);
  console.log(
    `reference: accuracy ${(cbpe.referenceRealised.accuracy as number).toFixed(3)}, macro AUC ${(cbpe.referenceRealised['roc-auc'] as number).toFixed(3)}`,
  );
}

await flights();
await seattle();
printTable(
  'Estimate vs realised per window (MAE = mean |estimate − realised| over windows; r = Pearson correlation; constant = reference value as the estimate)',
  ['replay', 'metric', 'windows', 'estimator', 'MAE', 'r', 'constant MAE'],
  summaries.map((s) => [s.replay, s.metric, s.windows, s.estimator, s.mae, s.r, s.constantMae]),
);

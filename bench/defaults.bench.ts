/**
 * Default hyperparameters of mlpilot's learners against scikit-learn's defaults, by cross-validation on many real
 * datasets: every META dataset of ../shared/datasets-meta and the TRAIN part of every DEV split of
 * ../shared/bench-splits (test parts are never read).
 *
 *   npm run bench -- defaults [--learners gbdt rf …] [--only NAME …] [--max-rows 1000] [--folds 5] [--seed 0]
 *                             [--candidates [NAME …]] [--detail] [--out FILE] [--peer-json FILE]
 *
 * Each dataset: rows without a target dropped, at most `--max-rows` rows kept (seeded uniform sample), classes
 * with fewer rows than folds dropped, then `--folds` folds (stratified by class for classification; see
 * bench/lib/cv-plan.ts). The plan (rows, labels, folds) is written to JSON and bench/peers/defaults_peers.py fits
 * the peers on exactly those folds and returns out-of-fold predictions; mlpilot's learners are fitted in process
 * with `fitPipeline` and its default preprocessing (what `mlpilot train` builds), seed 0, one thread. Both sides
 * are scored by mlpilot's metric code, per fold, then averaged over the folds:
 *   binary ROC AUC (higher is better), multiclass log loss (lower), regression RMSE (lower).
 * Relative score per dataset = AUC ratio (mlpilot / peer) or loss ratio (peer / mlpilot): above 1 mlpilot is
 * better; within ±0.5 % counts as a tie. The table gives wins/ties/losses, the geometric mean of the relative
 * score and the mean rank within the learner's group (its configurations and peers); `--detail` prints every
 * dataset, and `--out` keeps it all as JSON. `--candidates` also runs the candidate default configurations listed
 * in CANDIDATES (all, or those named): the evidence behind the current defaults. `--peer-json` reuses the peers'
 * output of an earlier run with the same plan options (rows, folds, seed), so only mlpilot's side is refitted.
 *
 * Cost (CPU time, one core): a plain run (1,000-row cap) took 8 minutes, build included; `--max-rows 2000`, with
 * which the figures in docs/engine.md ("Defaults") were measured, 11.5 minutes (peers a little over half).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { createLearnerRegistry, fitPipeline, logLoss, rocAucScore, rootMeanSquaredError } from '../src/ml/index.js';
import type { Learner } from '../src/ml/index.js';
import { listSources, planDataset, planJson } from './lib/cv-plan.js';
import type { CvDataset } from './lib/cv-plan.js';
import { printTable } from './lib/report.js';

const root = join(import.meta.dirname, '..');
const shared = join(root, '..', 'shared');
const peerScript = join(import.meta.dirname, 'peers', 'defaults_peers.py');
const TIE = 0.005;

/** mlpilot learner → peers (the first is the one it is judged against; the others are shown for reference). */
const GROUPS: ReadonlyArray<{ learner: string; peers: readonly string[] }> = [
  { learner: 'gbdt', peers: ['hgb', 'xgb'] },
  { learner: 'rf', peers: ['rf'] },
  { learner: 'extra-trees', peers: ['et'] },
  { learner: 'knn', peers: ['knn'] },
  { learner: 'naive-bayes', peers: ['nb'] },
  { learner: 'linear', peers: ['linear'] },
];

const PEER_TITLES: Record<string, string> = {
  hgb: 'sklearn HistGradientBoosting',
  xgb: 'XGBoost (hist) defaults',
  rf: 'sklearn RandomForest',
  et: 'sklearn ExtraTrees',
  knn: 'sklearn KNeighbors',
  nb: 'sklearn GaussianNB',
  linear: 'sklearn LogisticRegression / Ridge',
};

/** Candidate default configurations (`--candidates`), run beside the current defaults. */
const CANDIDATES: Readonly<Record<string, ReadonlyArray<{ name: string; params: Record<string, unknown> }>>> = {
  // depth-wise (XGBoost's shape) against leaf-wise with 31 leaves (HistGradientBoosting's and LightGBM's), and the
  // minimum hessian per child: 1 (XGBoost), a few, and 20 with no L2 (HGB's min_samples_leaf 20, l2 0; for squared
  // error the hessian is the row count, for log loss at most a quarter of it)
  gbdt: [
    { name: 'depth6-mcw1-lr0.3', params: { growPolicy: 'depthwise', maxDepth: 6, minChildWeight: 1, learningRate: 0.3 } },
    { name: 'depth6-mcw3', params: { growPolicy: 'depthwise', maxDepth: 6, minChildWeight: 3 } },
    { name: 'depth6-mcw5', params: { growPolicy: 'depthwise', maxDepth: 6, minChildWeight: 5 } },
    { name: 'depth6-mcw20', params: { growPolicy: 'depthwise', maxDepth: 6, minChildWeight: 20 } },
    { name: 'leaves31-mcw1', params: { growPolicy: 'lossguide', maxDepth: 0, numLeaves: 31, minChildWeight: 1 } },
    { name: 'leaves31-mcw3', params: { growPolicy: 'lossguide', maxDepth: 0, numLeaves: 31, minChildWeight: 3 } },
    { name: 'leaves31-mcw10', params: { growPolicy: 'lossguide', maxDepth: 0, numLeaves: 31, minChildWeight: 10 } },
    { name: 'leaves31-mcw20-l2-0', params: { growPolicy: 'lossguide', maxDepth: 0, numLeaves: 31, minChildWeight: 20, lambda: 0 } },
  ],
  // more neighbours (smoother vote shares, fewer zero probabilities) and distance weights
  knn: [
    { name: 'k10', params: { k: 10 } },
    { name: 'k15', params: { k: 15 } },
    { name: 'k5-distance', params: { weights: 'distance' } },
    { name: 'k15-distance', params: { k: 15, weights: 'distance' } },
  ],
};

interface Entry {
  /** `mlpilot:<config>` or `peer:<id>`. */
  readonly id: string;
  /** Per dataset: mean over folds of the task's metric, and fit seconds over all folds. */
  readonly scores: Map<string, { score: number; fitS: number }>;
}

function args(): { flag: (name: string) => string | undefined; list: (name: string) => string[]; has: (name: string) => boolean } {
  const argv = process.argv.slice(2);
  const list = (name: string): string[] => {
    const i = argv.indexOf(name);
    if (i < 0) return [];
    const out: string[] = [];
    for (let j = i + 1; j < argv.length && !(argv[j] as string).startsWith('--'); j++) out.push(argv[j] as string);
    return out;
  };
  return { flag: (name) => list(name)[0], list, has: (name) => argv.includes(name) };
}

/** The task's metric on one fold: AUC of P(classes[1]), log loss over the classes, or RMSE. */
function foldScore(d: CvDataset, rows: readonly number[], pred: Float64Array): number {
  const y = d.y.y;
  const truth = Float64Array.from(rows, (i) => y[i] as number);
  if (d.y.task === 'regression') return rootMeanSquaredError(truth, pred);
  const k = d.y.classes.length;
  if (d.y.task === 'binary')
    return rocAucScore(
      truth,
      Float64Array.from(rows, (_, r) => pred[r * 2 + 1] as number),
    );
  return logLoss(truth, pred, { nClasses: k });
}

const higherIsBetter = (d: CvDataset): boolean => d.y.task === 'binary';

function foldRows(d: CvDataset, fold: number, inFold: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < d.folds.length; i++) if ((d.folds[i] === fold) === inFold) out.push(i);
  return out;
}

async function fitOurs(
  d: CvDataset,
  learner: Learner,
  params: Record<string, unknown>,
  folds: number,
): Promise<{ score: number; fitS: number }> {
  let sum = 0;
  let fitS = 0;
  for (let f = 0; f < folds; f++) {
    const train = d.frame.take(Int32Array.from(foldRows(d, f, false)));
    const testRows = foldRows(d, f, true);
    const test = d.frame.take(Int32Array.from(testRows));
    const start = performance.now();
    const pipeline = await fitPipeline({ frame: train, target: d.target, learner, params, context: { seed: 0, threads: 1 }, task: d.task });
    fitS += (performance.now() - start) / 1000;
    if (d.y.task !== 'regression' && pipeline.classes?.join('\u0000') !== d.y.classes.join('\u0000'))
      throw new Error(`${d.name}: fold ${f} classes differ from the dataset's`);
    sum += foldScore(d, testRows, d.y.task === 'regression' ? pipeline.predict(test) : pipeline.predictProba(test));
  }
  return { score: sum / folds, fitS };
}

function peerScores(d: CvDataset, out: { oof: number[]; fit_s: number }, folds: number): { score: number; fitS: number } {
  const k = d.y.task === 'regression' ? 1 : d.y.classes.length;
  let sum = 0;
  for (let f = 0; f < folds; f++) {
    const rows = foldRows(d, f, true);
    const pred = new Float64Array(rows.length * k);
    rows.forEach((i, r) => {
      for (let c = 0; c < k; c++) pred[r * k + c] = out.oof[i * k + c] as number;
    });
    sum += foldScore(d, rows, pred);
  }
  return { score: sum / folds, fitS: out.fit_s };
}

/** Relative score of `ours` against `peer` on a dataset: above 1 is better for `ours`. */
function relative(d: CvDataset, ours: number, peer: number): number {
  return higherIsBetter(d) ? ours / peer : peer / ours;
}

function geoMean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** Mean rank (1 = best, ties averaged) of each entry over the datasets every entry scored. */
function meanRanks(entries: readonly Entry[], datasets: readonly CvDataset[]): number[] {
  const sums = new Array<number>(entries.length).fill(0);
  let n = 0;
  for (const d of datasets) {
    const s = entries.map((e) => e.scores.get(d.name)?.score);
    if (s.some((v) => v === undefined || !Number.isFinite(v))) continue;
    n++;
    const sign = higherIsBetter(d) ? -1 : 1;
    s.forEach((v, i) => {
      const better = s.filter((u) => sign * (u as number) < sign * (v as number)).length;
      const same = s.filter((u) => u === v).length;
      sums[i] = (sums[i] as number) + better + (same + 1) / 2;
    });
  }
  return sums.map((v) => v / n);
}

function summaryRow(
  group: string,
  ours: Entry,
  peer: Entry,
  datasets: readonly CvDataset[],
  rank: number,
  peerRank: number,
): Array<string | number> {
  let [w, t, l] = [0, 0, 0];
  const byTask: Record<string, [number, number, number]> = { binary: [0, 0, 0], multiclass: [0, 0, 0], regression: [0, 0, 0] };
  const rel: number[] = [];
  let oursS = 0;
  let peerS = 0;
  for (const d of datasets) {
    const a = ours.scores.get(d.name);
    const b = peer.scores.get(d.name);
    if (a === undefined || b === undefined) continue;
    const r = relative(d, a.score, b.score);
    rel.push(r);
    const slot = Math.abs(r - 1) <= TIE ? 1 : r > 1 ? 0 : 2;
    if (slot === 0) w++;
    else if (slot === 1) t++;
    else l++;
    const counts = byTask[d.task] as [number, number, number];
    counts[slot] = (counts[slot] as number) + 1;
    oursS += a.fitS;
    peerS += b.fitS;
  }
  const wtl = (v: readonly number[]): string => v.join('/');
  return [
    group,
    ours.id.replace(/^mlpilot:/, ''),
    PEER_TITLES[peer.id.replace(/^peer:/, '')] ?? peer.id,
    rel.length,
    wtl([w, t, l]),
    `${wtl(byTask.binary as number[])} · ${wtl(byTask.multiclass as number[])} · ${wtl(byTask.regression as number[])}`,
    geoMean(rel),
    `${rank.toFixed(2)} vs ${peerRank.toFixed(2)}`,
    oursS,
    peerS,
  ];
}

async function main(): Promise<void> {
  const { flag, list, has } = args();
  if (!existsSync(join(shared, 'datasets-meta'))) throw new Error(`no datasets at ${shared}; this benchmark needs ../shared`);
  const maxRows = Number(flag('--max-rows') ?? 1000);
  const folds = Number(flag('--folds') ?? 5);
  const seed = Number(flag('--seed') ?? 0);
  const only = list('--only');
  const learnerIds = list('--learners');
  const registry = createLearnerRegistry();
  const groups = GROUPS.filter((g) => (learnerIds.length === 0 || learnerIds.includes(g.learner)) && registry.has(g.learner));

  const datasets: CvDataset[] = [];
  for (const source of listSources(shared).filter((s) => only.length === 0 || only.includes(s.name))) {
    const d = await planDataset(source, maxRows, folds, seed);
    datasets.push(d);
    const dropped = d.droppedClasses.length === 0 ? '' : `, dropped classes with < ${folds} rows: ${d.droppedClasses.join(', ')}`;
    console.error(`[plan] ${d.name}: ${d.task}, ${d.rows.length} of ${d.sourceRows} rows${dropped}`);
  }

  let peerJson = flag('--peer-json');
  if (peerJson === undefined) {
    const plan = join(tmpdir(), `mlpilot-defaults-plan-${process.pid}.json`);
    peerJson = join(tmpdir(), `mlpilot-defaults-peers-${process.pid}.json`);
    writeFileSync(plan, planJson(datasets));
    const peers = [...new Set(groups.flatMap((g) => g.peers))];
    console.error(`running peers (${peers.join(', ')}) with /usr/bin/python3 …`);
    execFileSync('/usr/bin/python3', [peerScript, plan, peerJson, '--peers', ...peers], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const peerOut = JSON.parse(readFileSync(peerJson, 'utf8')) as {
    sklearn: string;
    xgboost: string;
    datasets: Record<string, Record<string, { oof: number[]; fit_s: number }>>;
  };

  const results: Array<{ learner: string; entries: Entry[] }> = [];
  for (const g of groups) {
    const learner = registry.get(g.learner);
    const picked = list('--candidates');
    const candidates = (CANDIDATES[g.learner] ?? []).filter((c) => picked.length === 0 || picked.includes(c.name));
    const configs = [{ name: 'defaults', params: {} }, ...(has('--candidates') ? candidates : [])];
    const entries: Entry[] = [
      ...configs.map((c) => ({ id: `mlpilot:${c.name}`, scores: new Map() })),
      ...g.peers.map((p) => ({ id: `peer:${p}`, scores: new Map() })),
    ];
    for (const d of datasets) {
      if (!learner.capabilities.tasks.includes(d.task)) continue;
      const start = performance.now();
      for (const [i, c] of configs.entries()) entries[i]?.scores.set(d.name, await fitOurs(d, learner, c.params, folds));
      g.peers.forEach((p, i) => {
        const out = peerOut.datasets[d.name]?.[p];
        if (out !== undefined) entries[configs.length + i]?.scores.set(d.name, peerScores(d, out, folds));
      });
      console.error(`[${g.learner}] ${d.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
    results.push({ learner: g.learner, entries });
  }

  const rows: Array<Array<string | number>> = [];
  for (const { learner, entries } of results) {
    const ranks = meanRanks(entries, datasets);
    const peerAt = entries.findIndex((e) => e.id.startsWith('peer:'));
    entries.forEach((e, i) => {
      if (e.id.startsWith('peer:')) return;
      for (let p = peerAt; p < entries.length; p++)
        rows.push(summaryRow(learner, e, entries[p] as Entry, datasets, ranks[i] as number, ranks[p] as number));
    });
  }
  printTable(
    `learner defaults vs peers: ${datasets.length} datasets, ≤ ${maxRows} rows each, ${folds}-fold CV (sklearn ${peerOut.sklearn}, xgboost ${peerOut.xgboost})`,
    [
      'learner',
      'config',
      'vs',
      'datasets',
      'W/T/L',
      'W/T/L binary · multiclass · regression',
      'geo-mean rel. score',
      'mean rank',
      'fit s',
      'peer fit s',
    ],
    rows,
  );
  console.log(
    '\nMetric (mean over folds): binary ROC AUC, multiclass log loss, regression RMSE. Relative score: AUC ratio or loss' +
      ` ratio (peer / mlpilot), > 1 = mlpilot better; a tie is within ±${TIE * 100} %. Mean rank within the learner's` +
      ' configurations and peers (1 = best).',
  );

  const detail = datasets.map((d) => ({
    name: d.name,
    group: d.group,
    task: d.task,
    rows: d.rows.length,
    sourceRows: d.sourceRows,
    droppedClasses: d.droppedClasses,
    metric: d.task === 'binary' ? 'roc-auc' : d.task === 'multiclass' ? 'log-loss' : 'rmse',
    scores: Object.fromEntries(
      results.flatMap(({ learner, entries }) =>
        entries.flatMap((e) => {
          const s = e.scores.get(d.name);
          return s === undefined ? [] : [[`${learner}/${e.id}`, s]];
        }),
      ),
    ),
  }));
  if (has('--detail')) {
    const ids = results.flatMap(({ learner, entries }) => entries.map((e) => `${learner}/${e.id}`));
    printTable(
      'per dataset (metric mean over folds)',
      ['dataset', 'task', 'rows', ...ids],
      detail.map((d) => [d.name, d.task, d.rows, ...ids.map((id) => d.scores[id]?.score ?? '')]),
    );
  }
  const out = flag('--out') ?? join(tmpdir(), `mlpilot-defaults-${process.pid}.json`);
  writeFileSync(out, JSON.stringify({ maxRows, folds, seed, peers: peerJson, datasets: detail }, null, 1));
  console.log(`\nper-dataset detail: ${out}; peer predictions: ${peerJson}`);
}

await main();

/**
 * Forest training against scikit-learn: `rf` and `extra-trees` regressors on the ames (2,197 × 73) and flights
 * (150k × 5) splits of ../shared/bench-splits, on 1 and 2 threads (sklearn `n_jobs` matched).
 *
 *   npm run bench -- forest [--repeats 3] [--only ames|flights] [--learners rf,extra-trees] [--threads 1,2]
 *                           [--ames-trees 100] [--flights-trees 25] [--no-mem]
 *
 * Both sides see the same numbers (bench/lib/ames.ts and bench/peers/sklearn_forest_server.py encode the data
 * alike: ordinal codes for text columns, -1 for missing or unseen) and the same parameters: sklearn's regression
 * defaults — all features per node (max_features=1.0), fully grown trees, min_samples_leaf=1, bootstrap for rf
 * and none for extra trees — with 100 trees on ames and 25 on flights. Fits alternate (scikit-learn, then
 * mlpilot, per thread count) `--repeats` times after a small warm-up, so both see the same machine load; the
 * table gives median fit seconds, the median of the per-pair ratios, test RMSE of each, and the peak memory of
 * a separate mlpilot fit: a fresh process loads the features, warms up, then resets its peak-RSS mark
 * (/proc/self/clear_refs) and reports VmHWM − VmRSS around one fit (worker threads included: same process),
 * beside the bytes of the trees it returns.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { extraTreesLearner, rfLearner } from '../src/ml/forest/index.js';
import type { ForestModel } from '../src/ml/forest/index.js';
import type { FeatureMatrix } from '../src/ml/matrix.js';
import { loadAmes } from './lib/ames.js';
import { loadFlights } from './lib/flights.js';
import { median, printTable } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const splits = join(here, '..', '..', 'shared', 'bench-splits');
const peersDir = join(here, '..', '..', 'shared', 'peers');

type DatasetName = 'ames' | 'flights';
type LearnerName = 'rf' | 'extra-trees';
interface Data {
  train: FeatureMatrix;
  ytrain: Float64Array;
  test: FeatureMatrix;
  ytest: Float64Array;
}

function load(name: DatasetName): Data {
  if (name === 'ames') return loadAmes(splits);
  const d = loadFlights(splits);
  // the peer codes a level unseen in train as -1 (sklearn 1.2 forests refuse NaN): do the same
  for (const m of [d.train, d.test]) for (const c of m.columns) for (let i = 0; i < c.length; i++) if (Number.isNaN(c[i])) c[i] = -1;
  return d;
}

async function fit(learner: LearnerName, d: Data, trees: number, threads: number): Promise<ForestModel> {
  const l = learner === 'rf' ? rfLearner : extraTreesLearner;
  return (await l.fit(d.train, { task: 'regression', y: d.ytrain }, { nEstimators: trees }, { seed: 0, threads })) as ForestModel;
}

function rmse(y: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) - (p[i] as number)) ** 2;
  return Math.sqrt(s / y.length);
}

function procKb(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m === null ? NaN : Number(m[1]);
}

function treeBytes(model: ForestModel): number {
  let b = 0;
  for (const t of model.data.trees) for (const a of Object.values(t)) b += (a as ArrayBufferView).byteLength;
  return b;
}

/** Child-process mode: peak RSS above the settled baseline during one fit. */
async function memProbe(dataset: DatasetName, learner: LearnerName, threads: number, trees: number): Promise<void> {
  const d = load(dataset);
  const gc = (globalThis as { gc?: () => void }).gc;
  // warm-up on a slice: JIT, the compute pool's threads
  const m = Math.min(d.train.rows, 2000);
  const slice = { ...d, train: { ...d.train, rows: m, columns: d.train.columns.map((c) => c.slice(0, m)) }, ytrain: d.ytrain.slice(0, m) };
  await fit(learner, slice, 2 * threads, threads);
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const base = procKb('VmRSS');
  const model = await fit(learner, d, trees, threads);
  const peak = procKb('VmHWM');
  process.stdout.write(JSON.stringify({ peakGrowthBytes: (peak - base) * 1024, treeBytes: treeBytes(model) }));
}

async function startPeer(): Promise<{ fit: (cmd: string) => Promise<{ s: number; rmse_test: number }>; stop: () => void }> {
  const child = spawn('/usr/bin/python3', [join(here, 'peers', 'sklearn_forest_server.py'), peersDir, splits], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, number>> => {
    const r = await lines.next();
    if (r.done === true) throw new Error('sklearn_forest_server.py ended early');
    return JSON.parse(r.value as string) as Record<string, number>;
  };
  await next();
  return {
    fit: async (cmd) => {
      child.stdin.write(`${cmd}\n`);
      return (await next()) as { s: number; rmse_test: number };
    },
    stop: () => child.stdin.end(),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const probe = flag('--mem-probe');
  if (probe !== undefined) {
    const [dataset, learner, threads, trees] = probe.split(':');
    return memProbe(dataset as DatasetName, learner as LearnerName, Number(threads), Number(trees));
  }
  const repeats = Number(flag('--repeats') ?? 3);
  const datasets = (flag('--only') ?? 'ames,flights').split(',') as DatasetName[];
  const learners = (flag('--learners') ?? 'rf,extra-trees').split(',') as LearnerName[];
  const threadList = (flag('--threads') ?? '1,2').split(',').map(Number);
  const treesOf: Record<DatasetName, number> = {
    ames: Number(flag('--ames-trees') ?? 100),
    flights: Number(flag('--flights-trees') ?? 25),
  };
  const peer = await startPeer();
  const rows: Array<Array<string | number>> = [];
  const log: string[] = [];
  for (const dataset of datasets) {
    const d = load(dataset);
    const f32 = d.train.rows * d.train.cols * 4;
    const trees = treesOf[dataset];
    for (const learner of learners) {
      // warm-up: JIT, the compute pool, joblib's workers
      for (const t of threadList) {
        await fit(learner, d, Math.max(2, t), t);
        await peer.fit(`${dataset} ${learner} ${t} ${Math.max(2, t)}`);
      }
      for (const t of threadList) {
        const ours: number[] = [];
        const theirs: number[] = [];
        const ratios: number[] = [];
        let peerRmse = NaN;
        let model: ForestModel | undefined;
        for (let r = 0; r < repeats; r++) {
          const p = await peer.fit(`${dataset} ${learner} ${t} ${trees}`);
          peerRmse = p.rmse_test;
          const start = performance.now();
          model = await fit(learner, d, trees, t);
          const s = (performance.now() - start) / 1000;
          ours.push(s);
          theirs.push(p.s);
          ratios.push(s / p.s);
        }
        const ourRmse = rmse(d.ytest, (model as ForestModel).predict(d.test));
        const probeRun = args.includes('--no-mem')
          ? { status: 1, stdout: '', stderr: '' }
          : spawnSync(
              process.execPath,
              ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--mem-probe', `${dataset}:${learner}:${t}:${trees}`],
              { encoding: 'utf8' },
            );
        const mem =
          probeRun.status === 0
            ? (JSON.parse(probeRun.stdout) as { peakGrowthBytes: number; treeBytes: number })
            : { peakGrowthBytes: NaN, treeBytes: NaN };
        if (probeRun.status !== 0 && probeRun.stderr !== '') console.error(probeRun.stderr);
        const mb = (b: number): number => b / 2 ** 20;
        rows.push([
          dataset,
          `${learner} ×${trees}`,
          t,
          median(ours),
          median(theirs),
          median(ratios),
          ourRmse,
          peerRmse,
          mb(mem.peakGrowthBytes),
          mb(mem.treeBytes),
          mb(mem.peakGrowthBytes - mem.treeBytes),
          mb(f32),
        ]);
        const list = (v: number[]): string => v.map((x) => x.toFixed(2)).join(', ');
        log.push(`${dataset} ${learner} ${t} thread(s), s — mlpilot: ${list(ours)}; sklearn: ${list(theirs)}`);
      }
    }
  }
  peer.stop();
  printTable(
    `forests vs scikit-learn — regression, sklearn defaults (max_features=1.0, unlimited depth), ${repeats} alternating pairs`,
    [
      'dataset',
      'learner',
      'threads',
      'mlpilot s',
      'sklearn s',
      'ratio',
      'mlpilot RMSE',
      'sklearn RMSE',
      'peak MB',
      'trees MB',
      'peak − trees MB',
      'f32 features MB',
    ],
    rows,
  );
  console.log(`\n${log.join('\n')}`);
}

await main();

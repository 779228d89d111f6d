/**
 * Learning-engine benchmark: mlpilot's histogram GBDT against XGBoost `hist` on the flights split, the setup of
 * ../shared/peers/engine_anchors.py (150k × 5 features, 100 rounds, depth 6, eta 0.1, 256 bins).
 *
 *   npm run bench -- engine [--peer-json FILE] [--repeats 5]
 *
 * Training is timed in alternation with XGBoost (bench/peers/xgb_train_server.py, which imports the shared
 * engine_anchors.py for its features and parameters): XGBoost 1 thread, mlpilot 1 thread, XGBoost 2 threads,
 * mlpilot 2 threads, `--repeats` times, so both see the same machine load; the ratio column is the median of the
 * per-pair ratios. The prediction anchors come from `/usr/bin/python3 ../shared/peers/engine_anchors.py OUT.json
 * --repeats 3` (slow); `--peer-json FILE` reuses a JSON that script wrote earlier in the same session.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { featureMatrix } from '../src/ml/matrix.js';
import { trainGbdt, serializeGbdt } from '../src/ml/gbdt/index.js';
import type { GbdtParamsInput } from '../src/ml/gbdt/index.js';
import { loadFlights } from './lib/flights.js';
import { median, peakRssBytes, percentile, printTable, timeRepeated } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const splits = join(here, '..', '..', 'shared', 'bench-splits');
const peersDir = join(here, '..', '..', 'shared', 'peers');
const anchors = join(peersDir, 'engine_anchors.py');
const PARAMS: GbdtParamsInput = { objective: 'squared-error', numRounds: 100, maxDepth: 6, learningRate: 0.1, maxBin: 256, seed: 0 };

function rmse(y: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) - (p[i] as number)) ** 2;
  return Math.sqrt(s / y.length);
}

/** Child-process mode: peak RSS growth while training on features read from a binary file. */
function memProbe(file: string): void {
  const buf = readFileSync(file);
  const [n, nf] = [buf.readUInt32LE(0), buf.readUInt32LE(4)];
  const all = new Float64Array(buf.buffer.slice(buf.byteOffset + 8, buf.byteOffset + 8 + 8 * n * (nf + 1)));
  const cols = Array.from({ length: nf }, (_, j) => all.slice(j * n, (j + 1) * n));
  const y = all.slice(nf * n, (nf + 1) * n);
  const x = featureMatrix(cols);
  // warm-up on a slice so one-time costs (JIT compilation and its scratch memory, V8 heap set-up) are not
  // charged to the data
  const m = Math.min(n, 4000);
  for (let r = 0; r < 2; r++) trainGbdt({ x: featureMatrix(cols.map((c) => c.slice(0, m))), y: y.slice(0, m) }, PARAMS);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = peakRssBytes();
  trainGbdt({ x, y }, PARAMS);
  const after = peakRssBytes();
  process.stdout.write(JSON.stringify({ peakGrowthBytes: after - before }));
}

function runPeer(jsonArg: string | undefined): Record<string, Record<string, number>> {
  if (jsonArg !== undefined) return JSON.parse(readFileSync(jsonArg, 'utf8')) as Record<string, Record<string, number>>;
  const out = join(mkdtempSync(join(tmpdir(), 'mlpilot-engine-')), 'anchors.json');
  console.log(`running ${anchors} (takes a few minutes)…`);
  const r = spawnSync('/usr/bin/python3', [anchors, out, '--repeats', '3'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`engine_anchors.py failed with status ${r.status}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, number>>;
}

/** The XGBoost training server: `train(threads)` resolves to that run's seconds and test RMSE. */
async function startXgbServer(): Promise<{ train: (threads: number) => Promise<{ s: number; rmse_test: number }>; stop: () => void }> {
  const child = spawn('/usr/bin/python3', [join(here, 'peers', 'xgb_train_server.py'), peersDir, splits], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, number>> => {
    const r = await lines.next();
    if (r.done === true) throw new Error('xgb_train_server.py ended early');
    return JSON.parse(r.value as string) as Record<string, number>;
  };
  await next();
  return {
    train: async (threads) => {
      child.stdin.write(`${threads}\n`);
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
  if (probe !== undefined) return memProbe(probe);
  const repeats = Number(flag('--repeats') ?? 5);
  const peer = runPeer(flag('--peer-json'));
  const xp = peer.xgb_predict ?? {};
  const data = loadFlights(splits);
  const xgbServer = await startXgbServer();

  const train = (threads: number) => trainGbdt({ x: data.train, y: data.ytrain }, { ...PARAMS, nThreads: threads });
  // warm-up of both (JIT, worker pool, XGBoost's first call)
  let model = train(1);
  let model2 = train(2);
  let xrmse = NaN;
  for (const t of [1, 2]) xrmse = (await xgbServer.train(t)).rmse_test;
  const runs = {
    1: { ours: [] as number[], xgb: [] as number[], ratio: [] as number[] },
    2: { ours: [] as number[], xgb: [] as number[], ratio: [] as number[] },
  };
  for (let r = 0; r < repeats; r++) {
    for (const t of [1, 2] as const) {
      const x = (await xgbServer.train(t)).s * 1000;
      const start = performance.now();
      const m = train(t);
      const ours = performance.now() - start;
      if (t === 1) model = m;
      else model2 = m;
      runs[t].ours.push(ours);
      runs[t].xgb.push(x);
      runs[t].ratio.push(ours / x);
    }
  }
  xgbServer.stop();
  const same = Buffer.compare(Buffer.from(serializeGbdt(model)), Buffer.from(serializeGbdt(model2))) === 0;
  const pred = model.predict(data.test);
  const testRmse = rmse(data.ytest, pred);
  model.predictRaw(data.test);
  const tp = await timeRepeated(repeats, () => model.predictRaw(data.test));
  const rowsPerS = data.test.rows / (median(tp) / 1000);
  model.predictRaw(data.test, 2);
  const tp2 = await timeRepeated(repeats, () => model.predictRaw(data.test, 2));
  const rowsPerS2 = data.test.rows / (median(tp2) / 1000);
  const row = new Float64Array(5);
  const lat: number[] = [];
  for (let i = 0; i < 1000; i++) {
    for (let j = 0; j < 5; j++) row[j] = (data.test.columns[j] as Float64Array)[i] as number;
    const s = performance.now();
    model.predictRow(row);
    lat.push((performance.now() - s) * 1000);
  }
  // peak memory in a fresh process
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-engine-'));
  const file = join(dir, 'features.bin');
  const n = data.train.rows;
  const payload = Buffer.alloc(8 + 8 * n * 6);
  payload.writeUInt32LE(n, 0);
  payload.writeUInt32LE(5, 4);
  const view = new Float64Array(payload.buffer, payload.byteOffset + 8, n * 6);
  data.train.columns.forEach((c, j) => view.set(c, j * n));
  view.set(data.ytrain, 5 * n);
  writeFileSync(file, payload);
  const probeRun = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--mem-probe', file], {
    encoding: 'utf8',
  });
  const peak = probeRun.status === 0 ? (JSON.parse(probeRun.stdout) as { peakGrowthBytes: number }).peakGrowthBytes : NaN;
  const f32 = n * 5 * 4;

  const xps = xp.dmatrix_rows_per_s ?? NaN;
  const xlat = xp.single_row_latency_median_us ?? NaN;
  const trainRow = (t: 1 | 2): [string, number, number, number, string] => [
    `train s, ${t} thread${t === 1 ? '' : 's'} (medians; ratio = median of pairs)`,
    median(runs[t].ours) / 1000,
    median(runs[t].xgb) / 1000,
    median(runs[t].ratio),
    t === 1 ? '≤ 1.5 (stretch 1.0)' : '≤ 1.5',
  ];
  printTable(
    'gbdt vs XGBoost hist — flights 150k × 5, 100 rounds, depth 6, eta 0.1, 256 bins',
    ['measure', 'mlpilot', 'XGBoost', 'ratio (mlpilot / XGBoost)', 'target'],
    [
      trainRow(1),
      trainRow(2),
      ['test RMSE', testRmse, xrmse, testRmse / xrmse, '≤ 1.01'],
      ['batch predict rows/s, 1 thread', rowsPerS, xps, rowsPerS / xps, '≥ 1 (stretch 1.5)'],
      ['batch predict rows/s, 2 threads (same predictions)', rowsPerS2, NaN, NaN, ''],
      ['single-row p50 µs', percentile(lat, 50), xlat, percentile(lat, 50) / xlat, 'p50 ≤ 20 µs'],
      [
        'single-row p99 µs',
        percentile(lat, 99),
        xp.single_row_latency_p99_us ?? NaN,
        percentile(lat, 99) / (xp.single_row_latency_p99_us ?? NaN),
        '',
      ],
      ['peak training memory / float32 features', peak / f32, NaN, NaN, '≤ 4'],
      ['1 vs 2 threads identical model bytes', same ? 'yes' : 'NO', '', '', 'yes'],
    ],
  );
  const list = (v: number[]): string => v.map((t) => t.toFixed(0)).join(', ');
  for (const t of [1, 2] as const) console.log(`\n${t} thread(s), ms — mlpilot: ${list(runs[t].ours)}; XGBoost: ${list(runs[t].xgb)}`);
  console.log(`predict ms: ${tp.map((t) => t.toFixed(1)).join(', ')}`);
}

await main();

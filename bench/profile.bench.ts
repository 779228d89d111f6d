/**
 * Profile benchmark (issue 16 §2): profiling 1M rows × 20 numeric columns with mlpilot's mergeable sketches,
 * and, in the same run, the same per-column statistics with numpy and pandas (bench/peers/profile_peer.py, on the
 * same values written to a temporary file).
 *
 *   npm run bench -- profile [--rows 1000000] [--cols 20] [--repeats 3]
 *
 * mlpilot rows: `profileFrame` (a reference: one pass for moments, KLL, HyperLogLog, then a second pass to count
 * the histogram on the column's own decile edges) and `profileColumns` with the reference's edges (a monitoring
 * window: one pass, histogram counted in it). Speed: values (rows × columns) / time, median of the repeats, by
 * wall time and by the process's CPU time (the machine is shared: CPU time is the one core's busy time). A
 * breakdown per part (filter NaN/±Infinity, moments, HyperLogLog, histogram, KLL) times one window profile with
 * a timer around each part of every 4096-value batch (so it adds the timer's own cost).
 * Target: ≥ 50 M values/s on one core. The peers compute exact statistics (sorting for quantiles) without
 * distinct counts or mergeable state, so they are a reference point, not the same work.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/random.js';
import type { Column, SketchTimings } from '../src/data/index.js';
import { checkEdges, Frame, Histogram, histogramEdges, NumericSketch, profileColumns, profileFrame } from '../src/data/index.js';
import { median, printTable } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

const ROWS = option('rows', 1_000_000);
const COLS = option('cols', 20);
const REPEATS = option('repeats', 3);
const VALUES = ROWS * COLS;

/** 20 seeded columns of mixed shapes: uniform, normal, log-normal, integer codes with ties; 1 % NaN. */
function makeColumns(): Float64Array[] {
  const random = seededRandom(16);
  return Array.from({ length: COLS }, (_, c) => {
    const x = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      const u = random();
      if (u < 0.01) x[i] = Number.NaN;
      else if (c % 4 === 0) x[i] = random() * 1000;
      else if (c % 4 === 1) x[i] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(6.283185307179586 * random());
      else if (c % 4 === 2) x[i] = Math.exp(2 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(6.283185307179586 * random()));
      else x[i] = Math.floor(random() * 500);
    }
    return x;
  });
}

interface Timed {
  wall: number[];
  cpu: number[];
}

function timeIt(fn: () => unknown): Timed {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    fn();
    const w = performance.now() - w0;
    const c = process.cpuUsage(c0);
    wall.push(w / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

interface PeerResult {
  numpy: Timed;
  pandas: Timed;
  check: { mean: number; p50: number; count: number };
}

/** Writes the columns to a temporary file and times the numpy / pandas peer on them; null when it cannot run. */
function runPeers(data: Float64Array[]): PeerResult | null {
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-profile-bench-'));
  try {
    const file = join(dir, 'data.f64');
    const all = new Float64Array(VALUES);
    data.forEach((column, c) => all.set(column, c * ROWS));
    writeFileSync(file, new Uint8Array(all.buffer));
    const out = join(dir, 'out.json');
    const args = [join(here, 'peers', 'profile_peer.py'), file, String(ROWS), String(COLS), out, '--repeats', String(REPEATS)];
    const run = spawnSync('/usr/bin/python3', args, { stdio: 'inherit' });
    if (run.status === 0) return JSON.parse(readFileSync(out, 'utf8')) as PeerResult;
    console.error('peer failed: /usr/bin/python3 with numpy and pandas is needed for the peer rows');
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const data = makeColumns();
  const frame = new Frame(data.map((values, c): Column => ({ name: `c${c}`, type: 'numeric', values })));
  // Warm up the JIT on a slice, then time.
  profileFrame(frame.take(Int32Array.from({ length: 50_000 }, (_, i) => i)));
  const reference = profileFrame(frame);
  const referenceEdges = histogramEdges(reference);
  const ours = timeIt(() => profileFrame(frame));
  const window = timeIt(() => profileColumns(frame, { referenceEdges }));

  // Breakdown: one window profile, timing each part of each batch.
  const parts: SketchTimings = { filter: 0, moments: 0, hll: 0, histogram: 0, kll: 0 };
  frame.columns.forEach((column) => {
    const sketch = new NumericSketch(1);
    const edges = referenceEdges[column.name] as number[];
    sketch.addColumn((column as { values: Float64Array }).values, new Histogram(checkEdges(column.name, edges)), {
      now: () => performance.now(),
      add: parts,
    });
  });

  const peers = runPeers(data);

  const row = (name: string, t: Timed): Array<string | number> => {
    const wall = median(t.wall);
    const cpu = median(t.cpu);
    return [name, wall, cpu, VALUES / wall / 1e6, VALUES / cpu / 1e6, VALUES / wall / 1e6 >= 50 ? 'yes' : 'no'];
  };
  const rows = [
    row('mlpilot profileFrame (reference: decile edges, 2 passes)', ours),
    row('mlpilot profileColumns (window: reference edges, 1 pass)', window),
  ];
  if (peers !== null)
    rows.push(row('numpy nan* + nanquantile + histogram (exact)', peers.numpy), row('pandas DataFrame.describe() (exact)', peers.pandas));
  printTable(
    `Profile ${ROWS.toLocaleString('en-US')} rows × ${COLS} numeric columns (${(VALUES / 1e6).toFixed(0)} M values), median of ${REPEATS}`,
    ['profiler', 'wall s', 'CPU s', 'M values/s (wall)', 'M values/s (CPU)', '≥ 50 M/s'],
    rows,
  );
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  printTable(
    'Where a window profile spends its time (one run, timer around each part of each 4096-value batch)',
    ['part', 'ms', 'share', 'M values/s alone'],
    Object.entries(parts).map(([part, ms]) => [part, ms, `${((100 * ms) / total).toFixed(0)} %`, VALUES / (ms / 1000) / 1e6]),
  );
  const c0 = reference.columns[0];
  if (peers !== null && c0?.numeric !== undefined)
    console.log(
      `\ncheck, column c0: mean ${c0.numeric.mean} (numpy ${peers.check.mean}), p50 ${c0.numeric.quantiles?.p50} (numpy exact ${peers.check.p50}), count ${c0.count} (numpy ${peers.check.count})`,
    );
}

main();

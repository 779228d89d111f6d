/**
 * Drift-statistics benchmark: mlpilot's src/monitor/stats against SciPy on the same data, in the same run.
 *
 *   npm run bench -- drift [--rows 1000000] [--columns 20] [--repeats 3]
 *
 * The data is generated here (seeded normals: mulberry32 + Box–Muller) and written as float64 files that
 * bench/peers/drift_peer.py reads, so both sides see the same bytes (numpy's generator is not reproducible in
 * JS). The setup is ../shared/peers/engine_anchors.py's SciPy part: ks_2samp on N(0,1) vs N(0.01,1) samples of
 * `--rows`; chi2_contingency on a 50 × 2 table (per call, from batches); wasserstein_distance on the same two
 * samples; and the drift report loop over `--columns` columns (reference N(0,1), current column j
 * N(0.02 j, 1 + 0.01 j)): per column ks_2samp and PSI over 10 quantile bins of the reference. SciPy runs first,
 * then mlpilot; every figure is the median of `--repeats` runs. Targets (issue 16): KS and the drift report at
 * most 0.5× SciPy's time, and the same values (the table prints both and their largest relative difference).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/index.js';
import {
  binCountsSorted,
  chi2Homogeneity,
  ks2Samp,
  ks2SampSorted,
  psi,
  quantileEdges,
  sortSample,
  wassersteinDistance,
} from '../src/monitor/index.js';
import { optionValues } from './lib/args.js';
import { median, printTable, timeRepeated } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number): number => {
  const v = optionValues(name)[0];
  return v === undefined ? fallback : Number(v);
};
const ROWS = num('--rows', 1_000_000);
const COLUMNS = num('--columns', 20);
const REPEATS = num('--repeats', 3);

/** Seeded normal draws (Box–Muller on mulberry32). */
function normals(rand: () => number, n: number, mean: number, sd: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = mean + sd * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = mean + sd * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

function bytes(...arrays: Float64Array[]): Buffer {
  const total = arrays.reduce((s, a) => s + a.byteLength, 0);
  const buf = Buffer.allocUnsafe(total);
  let off = 0;
  for (const a of arrays) {
    buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += a.byteLength;
  }
  return buf;
}

interface DriftValue {
  ks: number;
  ks_p: number;
  psi: number;
}

function driftReport(ref: readonly Float64Array[], cur: readonly Float64Array[]): DriftValue[] {
  return ref.map((r, j) => {
    const sr = sortSample(r);
    const sc = sortSample(cur[j] as Float64Array);
    const ks = ks2SampSorted(sr, sc);
    const edges = quantileEdges(sr, 10);
    return { ks: ks.statistic, ks_p: ks.pValue, psi: psi(binCountsSorted(sr, edges), binCountsSorted(sc, edges)) };
  });
}

function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

async function main(): Promise<void> {
  const rand = seededRandom(20261207);
  const a = normals(rand, ROWS, 0, 1);
  const b = normals(rand, ROWS, 0.01, 1);
  const table = Array.from({ length: 50 }, () => [50 + Math.floor(rand() * 450), 50 + Math.floor(rand() * 450)]);
  const ref = Array.from({ length: COLUMNS }, () => normals(rand, ROWS, 0, 1));
  const cur = Array.from({ length: COLUMNS }, (_, j) => normals(rand, ROWS, 0.02 * j, 1 + 0.01 * j));
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-drift-'));
  try {
    writeFileSync(join(dir, 'ks_a.f64'), bytes(a));
    writeFileSync(join(dir, 'ks_b.f64'), bytes(b));
    writeFileSync(join(dir, 'ref.f64'), bytes(...ref));
    writeFileSync(join(dir, 'cur.f64'), bytes(...cur));
    writeFileSync(join(dir, 'table.json'), JSON.stringify(table));
    console.log(`data: ${ROWS} rows, ${COLUMNS} drift columns, ${REPEATS} repeats; SciPy first (bench/peers/drift_peer.py)…`);
    const py = spawnSync('/usr/bin/python3', [join(here, 'peers', 'drift_peer.py'), dir, String(ROWS), String(COLUMNS), String(REPEATS)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (py.status !== 0) throw new Error(`drift_peer.py failed with status ${String(py.status)}`);
    const peer = JSON.parse(py.stdout) as {
      scipy: string;
      ks: { s: number; statistic: number; pValue: number };
      chi2: { sPerCall: number; statistic: number; pValue: number };
      wasserstein: { s: number; distance: number };
      drift: { s: number; values: DriftValue[] };
    };
    console.log('…mlpilot');
    const rows: (string | number)[][] = [];
    const ratio = (ours: number, theirs: number): string => (ours / theirs).toFixed(3);

    // sorting, the core of KS, PSI edges and Wasserstein
    const tNative = median(await timeRepeated(REPEATS, () => a.slice().sort()));
    const tRadix = median(await timeRepeated(REPEATS, () => sortSample(a)));
    rows.push([`sort ${ROWS} float64: radix vs Float64Array.sort`, tRadix, tNative, ratio(tRadix, tNative), '-', 'same order']);

    let ks = ks2Samp(a, b);
    const tKs = median(await timeRepeated(REPEATS, () => (ks = ks2Samp(a, b))));
    rows.push([
      `ks_2samp ${ROWS} vs ${ROWS}`,
      tKs,
      peer.ks.s * 1000,
      ratio(tKs, peer.ks.s * 1000),
      '<= 0.5',
      `D ${ks.statistic} / ${peer.ks.statistic}; p ${ks.pValue} / ${peer.ks.pValue}`,
    ]);

    const calls = 1000;
    let chi = chi2Homogeneity(
      table.map((r) => r[0] as number),
      table.map((r) => r[1] as number),
    );
    const tChi =
      median(
        await timeRepeated(REPEATS, () => {
          for (let i = 0; i < calls; i++)
            chi = chi2Homogeneity(
              table.map((r) => r[0] as number),
              table.map((r) => r[1] as number),
            );
        }),
      ) / calls;
    rows.push([
      'chi2_contingency 50 × 2, per call',
      tChi,
      peer.chi2.sPerCall * 1000,
      ratio(tChi, peer.chi2.sPerCall * 1000),
      '-',
      `chi2 ${chi.statistic} / ${peer.chi2.statistic}; p ${chi.pValue} / ${peer.chi2.pValue}`,
    ]);

    let w = wassersteinDistance(a, b);
    const tW = median(await timeRepeated(REPEATS, () => (w = wassersteinDistance(a, b))));
    rows.push([
      `wasserstein_distance ${ROWS} vs ${ROWS}`,
      tW,
      peer.wasserstein.s * 1000,
      ratio(tW, peer.wasserstein.s * 1000),
      '-',
      `${w} / ${peer.wasserstein.distance}`,
    ]);

    let rep = driftReport(ref, cur);
    const tDrift = median(await timeRepeated(REPEATS, () => (rep = driftReport(ref, cur))));
    let worst = { ks: 0, ks_p: 0, psi: 0 };
    rep.forEach((v, j) => {
      const s = peer.drift.values[j] as DriftValue;
      worst = {
        ks: Math.max(worst.ks, relDiff(v.ks, s.ks)),
        ks_p: Math.max(worst.ks_p, relDiff(v.ks_p, s.ks_p)),
        psi: Math.max(worst.psi, relDiff(v.psi, s.psi)),
      };
    });
    rows.push([
      `drift report ${COLUMNS} cols × ${ROWS} rows (KS + PSI)`,
      tDrift,
      peer.drift.s * 1000,
      ratio(tDrift, peer.drift.s * 1000),
      '<= 0.5',
      `max rel diff: D ${worst.ks.toExponential(1)}, p ${worst.ks_p.toExponential(1)}, PSI ${worst.psi.toExponential(1)}`,
    ]);
    printTable(
      `drift statistics: mlpilot vs SciPy ${peer.scipy} (medians of ${REPEATS}, ms)`,
      ['operation', 'mlpilot ms', 'SciPy ms', 'ratio', 'target', 'values (mlpilot / SciPy)'],
      rows,
    );
    printTable(
      'drift report per column (mlpilot / SciPy)',
      ['column', 'KS D', 'KS p', 'PSI'],
      rep.map((v, j) => {
        const s = peer.drift.values[j] as DriftValue;
        return [`x${String(j).padStart(2, '0')}`, `${v.ks} / ${s.ks}`, `${v.ks_p} / ${s.ks_p}`, `${v.psi} / ${s.psi}`];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

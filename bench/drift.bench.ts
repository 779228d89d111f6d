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
 * N(0.02 j, 1 + 0.01 j)): per column ks_2samp and PSI over 10 quantile bins of the reference. SciPy runs as a
 * server and each round times SciPy and mlpilot back to back (who goes first alternates), so both see the same
 * machine load; every figure is the median of `--repeats` rounds and the ratio the median of per-round ratios.
 * Targets (issue 16): KS and the drift report at most 0.5× SciPy's time, and the same values (the table prints
 * both and their largest relative difference).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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

const OPS = ['ks', 'chi2', 'wasserstein', 'drift'] as const;
type Op = (typeof OPS)[number];
type PeerAnswer = { s: number } & Record<string, unknown>;

/** bench/peers/drift_peer.py in --serve mode: one timed SciPy run per request. */
async function startPeer(dir: string): Promise<{ ask: (op: Op) => Promise<PeerAnswer>; stop: () => void; version: string }> {
  const child = spawn('/usr/bin/python3', [join(here, 'peers', 'drift_peer.py'), dir, String(ROWS), String(COLUMNS), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<PeerAnswer> => {
    const r = await lines.next();
    if (r.done === true) throw new Error('drift_peer.py ended early');
    return JSON.parse(r.value as string) as PeerAnswer;
  };
  const hello = await next();
  return {
    version: String(hello.scipy),
    ask: async (op) => {
      child.stdin.write(`${op}\n`);
      return next();
    },
    stop: () => child.stdin.end(),
  };
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
    console.log(`data: ${ROWS} rows, ${COLUMNS} drift columns; ${REPEATS} rounds alternating SciPy and mlpilot…`);
    const peer = await startPeer(dir);
    const table0 = table.map((r) => r[0] as number);
    const table1 = table.map((r) => r[1] as number);
    const CHI_CALLS = 1000;
    let ks = ks2Samp(a, b);
    let chi = chi2Homogeneity(table0, table1);
    let w = wassersteinDistance(a, b);
    let rep = driftReport(ref, cur);
    const ours: Record<Op, () => void> = {
      ks: () => (ks = ks2Samp(a, b)),
      chi2: () => {
        for (let i = 0; i < CHI_CALLS; i++) chi = chi2Homogeneity(table0, table1);
      },
      wasserstein: () => (w = wassersteinDistance(a, b)),
      drift: () => (rep = driftReport(ref, cur)),
    };
    const perCall: Record<Op, number> = { ks: 1, chi2: CHI_CALLS, wasserstein: 1, drift: 1 };
    const times = Object.fromEntries(
      OPS.map((op) => [op, { ours: [] as number[], scipy: [] as number[], ratio: [] as number[] }]),
    ) as Record<Op, { ours: number[]; scipy: number[]; ratio: number[] }>;
    const last: Partial<Record<Op, PeerAnswer>> = {};
    const sortTimes = { radix: [] as number[], native: [] as number[] };
    for (let r = 0; r < REPEATS; r++) {
      sortTimes.native.push((await timeRepeated(1, () => a.slice().sort()))[0] as number);
      sortTimes.radix.push((await timeRepeated(1, () => sortSample(a)))[0] as number);
      for (const op of OPS) {
        // alternate who goes first, so a change of machine load does not favour one side
        let theirs = 0;
        let mine = 0;
        if (r % 2 === 0) {
          last[op] = await peer.ask(op);
          theirs = (last[op] as PeerAnswer).s * 1000;
          mine = ((await timeRepeated(1, ours[op]))[0] as number) / perCall[op];
        } else {
          mine = ((await timeRepeated(1, ours[op]))[0] as number) / perCall[op];
          last[op] = await peer.ask(op);
          theirs = (last[op] as PeerAnswer).s * 1000;
        }
        times[op].ours.push(mine);
        times[op].scipy.push(theirs);
        times[op].ratio.push(mine / theirs);
      }
    }
    peer.stop();
    const row = (op: Op, label: string, target: string, values: string): (string | number)[] => [
      label,
      median(times[op].ours),
      median(times[op].scipy),
      median(times[op].ratio).toFixed(3),
      target,
      values,
    ];
    const pk = last.ks as PeerAnswer;
    const pc = last.chi2 as PeerAnswer;
    const pw = last.wasserstein as PeerAnswer;
    const values = (last.drift as PeerAnswer).values as DriftValue[];
    let worst = { ks: 0, ks_p: 0, psi: 0 };
    rep.forEach((v, j) => {
      const s = values[j] as DriftValue;
      worst = {
        ks: Math.max(worst.ks, relDiff(v.ks, s.ks)),
        ks_p: Math.max(worst.ks_p, relDiff(v.ks_p, s.ks_p)),
        psi: Math.max(worst.psi, relDiff(v.psi, s.psi)),
      };
    });
    const rows = [
      [
        `sort ${ROWS} float64: radix vs Float64Array.sort`,
        median(sortTimes.radix),
        `${median(sortTimes.native).toFixed(1)} (JS sort)`,
        (median(sortTimes.radix) / median(sortTimes.native)).toFixed(3),
        '-',
        'same order',
      ],
      row('ks', `ks_2samp ${ROWS} vs ${ROWS}`, '<= 0.5', `D ${ks.statistic} / ${pk.statistic}; p ${ks.pValue} / ${pk.pValue}`),
      row('chi2', 'chi2_contingency 50 × 2, per call', '-', `chi2 ${chi.statistic} / ${pc.statistic}; p ${chi.pValue} / ${pc.pValue}`),
      row('wasserstein', `wasserstein_distance ${ROWS} vs ${ROWS}`, '-', `${w} / ${pw.distance}`),
      row(
        'drift',
        `drift report ${COLUMNS} cols × ${ROWS} rows (KS + PSI)`,
        '<= 0.5',
        `max rel diff: D ${worst.ks.toExponential(1)}, p ${worst.ks_p.toExponential(1)}, PSI ${worst.psi.toExponential(1)}`,
      ),
    ];
    printTable(
      `drift statistics: mlpilot vs SciPy ${peer.version} (medians of ${REPEATS} alternating rounds, ms; ratio = median of per-round ratios)`,
      ['operation', 'mlpilot ms', 'SciPy ms', 'ratio', 'target', 'values (mlpilot / SciPy)'],
      rows,
    );
    printTable(
      'drift report per column (mlpilot / SciPy)',
      ['column', 'KS D', 'KS p', 'PSI'],
      rep.map((v, j) => {
        const s = values[j] as DriftValue;
        return [`x${String(j).padStart(2, '0')}`, `${v.ks} / ${s.ks}`, `${v.ks_p} / ${s.ks_p}`, `${v.psi} / ${s.psi}`];
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

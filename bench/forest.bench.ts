/**
 * Forest training on 1 and 2 threads: `rf` and `extra-trees` regressors on the flights split (150k × 5, delay in
 * minutes), the larger data the unit tests do not cover.
 *
 *   npm run bench -- forest [--repeats 3] [--trees 16] [--depth 12]
 *
 * Fits run in alternation (1 thread, 2 threads) `--repeats` times after one warm-up of each, so both see the same
 * machine load; the table gives medians and the median of the per-pair speed-ups, and checks that both thread
 * counts give the same trees. No peer figure exists for this size (shared/peers times scikit-learn's
 * RandomForest on the small DEV splits only), so compare runs of this benchmark before and after a change.
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { resolveForestParams, trainForestThreaded } from '../src/ml/forest/index.js';
import type { ForestFit } from '../src/ml/forest/index.js';
import { loadFlights } from './lib/flights.js';
import { median, printTable } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));

function sameTrees(a: ForestFit, b: ForestFit): boolean {
  return a.trees.every((t, i) => {
    const u = b.trees[i];
    return (
      u !== undefined &&
      Buffer.from(t.threshold.buffer).equals(Buffer.from(u.threshold.buffer)) &&
      Buffer.from(t.values.buffer).equals(Buffer.from(u.values.buffer))
    );
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const repeats = Number(flag('--repeats') ?? 3);
  const trees = Number(flag('--trees') ?? 16);
  // fully grown trees on 150k rows take ~1 s each on this machine; depth 12 keeps a run to a few minutes
  const depth = Number(flag('--depth') ?? 12);
  const data = loadFlights(join(here, '..', '..', 'shared', 'bench-splits'));
  const target = { task: 'regression' as const, y: data.ytrain };
  const weights = new Float64Array(data.train.rows).fill(1);
  const rows: Array<Array<string | number>> = [];
  for (const [id, randomSplits] of [
    ['rf', false],
    ['extra-trees', true],
  ] as const) {
    const p = resolveForestParams(id, { nEstimators: trees, maxDepth: depth }, 'regression', randomSplits);
    const fit = (threads: number): Promise<ForestFit> => trainForestThreaded(data.train, target, p, weights, 0, threads);
    let one = await fit(1);
    let two = await fit(2);
    const ms: Record<1 | 2, number[]> = { 1: [], 2: [] };
    const speedups: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (const t of [1, 2] as const) {
        const start = performance.now();
        const f = await fit(t);
        ms[t].push(performance.now() - start);
        if (t === 1) one = f;
        else two = f;
      }
      speedups.push((ms[1][r] as number) / (ms[2][r] as number));
    }
    rows.push([`${id}, ${trees} trees`, median(ms[1]) / 1000, median(ms[2]) / 1000, median(speedups), sameTrees(one, two) ? 'yes' : 'NO']);
    console.log(
      `${id} ms — 1 thread: ${ms[1].map((v) => v.toFixed(0)).join(', ')}; 2 threads: ${ms[2].map((v) => v.toFixed(0)).join(', ')}`,
    );
  }
  printTable(
    `forest training — flights 150k × 5 regression, depth ${depth}, ${repeats} pairs`,
    ['learner', '1 thread s (median)', '2 threads s (median)', 'speed-up (median of pairs)', 'same trees'],
    rows,
  );
}

await main();

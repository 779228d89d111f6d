import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { InternalError } from '../../core/index.js';
import type { TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import type { ResolvedForestParams } from './params.js';
import type { ForestFit } from './train.js';
import { finishForest, growTreeAt, prepareForest, trainForest } from './train.js';
import type { ForestTree } from './tree.js';
import type { ForestWorkerData } from './worker.js';

/** Rows × trees below which threads do not pay for their start-up (measured ~0.1 s per thread from the build). */
export const MIN_THREADED_WORK = 2_000_000;

/**
 * How to start a forest thread: from the build the entry is `worker.js`; from source (vitest, tsx) a bootstrap
 * registers tsx's ESM loader in the thread first (the recipe of src/jobs/thread-pool.ts: on Node 20
 * `execArgv: ['--import', 'tsx']` does not apply to a worker's own `.ts` entry).
 */
function workerEntry(): { entry: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./worker.js', import.meta.url), eval: false };
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./worker.ts', import.meta.url).href;
  return { entry: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`, eval: true };
}

/**
 * Trains a forest on `threads` threads (the calling one included): tree t is grown by thread `t % threads`,
 * each from its own RNG stream, and the trees are put back in index order — so the model is bit-identical to
 * {@link trainForest}'s. Small problems (rows × trees < `minWork`) stay on the calling thread.
 * @throws the signal's reason when it is aborted (the workers are stopped).
 */
export async function trainForestThreaded(
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  seed: number,
  threads: number,
  options: { signal?: AbortSignal; progress?: (fraction: number) => void; minWork?: number } = {},
): Promise<ForestFit> {
  const nThreads = Math.max(1, Math.min(Math.floor(threads), p.nEstimators));
  if (nThreads <= 1 || X.rows * p.nEstimators < (options.minWork ?? MIN_THREADED_WORK)) {
    return trainForest(X, target, p, weights, seed, options.signal, options.progress);
  }
  const trees: Array<ForestTree | undefined> = new Array<ForestTree | undefined>(p.nEstimators);
  let done = 0;
  const report = (): void => options.progress?.(done / p.nEstimators);
  const { entry, eval: isEval } = workerEntry();
  const workers: Worker[] = [];
  const finished: Array<Promise<void>> = [];
  for (let k = 1; k < nThreads; k++) {
    const mine: number[] = [];
    for (let t = k; t < p.nEstimators; t += nThreads) mine.push(t);
    const data: ForestWorkerData = {
      columns: [...X.columns],
      names: [...X.names],
      categorical: [...X.categorical],
      target,
      weights,
      params: p,
      seed,
      trees: mine,
    };
    const worker = new Worker(entry, { eval: isEval, workerData: data });
    workers.push(worker);
    const settled = new Promise<void>((resolve, reject) => {
        worker.on('message', (m: { t: number; tree: ForestTree } | { done: true }) => {
          if ('done' in m) resolve();
          else {
            trees[m.t] = m.tree;
            done++;
            report();
          }
        });
        worker.on('error', (error) => reject(InternalError({ reason: `a forest training thread failed: ${error.message}` }, error)));
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(InternalError({ reason: `a forest training thread exited with code ${code}` }))));
      });
    // a thread stopped after an abort rejects when nobody waits any more; that is expected
    settled.catch(() => undefined);
    finished.push(settled);
  }
  const stop = (): void => {
    for (const w of workers) void w.terminate();
  };
  try {
    const setup = prepareForest(X, target, p, weights);
    const w = new Float64Array(setup.rows);
    const counts = new Uint32Array(setup.rows);
    for (let t = 0; t < p.nEstimators; t += nThreads) {
      options.signal?.throwIfAborted();
      trees[t] = growTreeAt(setup, p, seed, t, w, counts);
      done++;
      report();
    }
    const abort = new Promise<never>((_, reject) => {
      if (options.signal === undefined) return;
      options.signal.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    });
    await Promise.race([Promise.all(finished), abort]);
    const all = trees.map((t, i) => t ?? missingTree(i));
    return finishForest(X, target, p, seed, setup, all);
  } finally {
    stop();
  }
}

function missingTree(t: number): never {
  throw InternalError({ reason: `forest tree ${t} was not returned by its training thread` });
}

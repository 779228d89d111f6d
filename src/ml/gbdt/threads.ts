import { Worker } from 'node:worker_threads';
import type { SlotBins } from './binning.js';
import { addHistogram, histKernelSource, MAX_SHARDS, SHARD_ROWS, shardCount } from './histogram.js';
import type { HistKernel } from './histogram.js';
import type { HistogramBuilder } from './tree-builder.js';

/**
 * Histogram building on worker threads. The row bins, gradients and row indices live in SharedArrayBuffers; a
 * node's rows are cut into fixed shards (see `shardCount`), shard s is built by thread `s % threads` (thread 0 is
 * the calling thread) into its own buffer, and the shard histograms are summed in shard order — the same
 * arithmetic as the serial builder, so models do not depend on the thread count. Synchronisation uses
 * `Atomics.wait/notify` on a shared control array, so training stays a synchronous call.
 */

// Control slots: 0 generation, 1 begin, 2 end, 3 command (1 build, 2 exit), 4 index buffer, 5 + w: generation
// worker w finished.
const GEN = 0;
const BEGIN = 1;
const END = 2;
const CMD = 3;
const BUF = 4;
const DONE = 5;

/** Worker body, evaluated as CommonJS source so it runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { ctrl, bins, wide, gh, idx0, idx1, shards, histLen, me, threads, shardRows, maxShards, kernelSource } = workerData;
const c = new Int32Array(ctrl);
const B = wide ? new Uint32Array(bins) : new Uint16Array(bins);
const G = new Float32Array(gh);
const I0 = new Uint32Array(idx0);
const I1 = new Uint32Array(idx1);
const S = new Float64Array(shards);
const acc = new Function('bins', 'gh', 'idx', 'begin', 'end', 'hist', kernelSource);
let seen = 0;
Atomics.store(c, ${DONE} + me - 1, -1);
Atomics.notify(c, ${DONE} + me - 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(c, ${GEN}) === seen && spins < 20000) spins++;
  while (Atomics.load(c, ${GEN}) === seen) Atomics.wait(c, ${GEN}, seen, 50);
  seen = Atomics.load(c, ${GEN});
  if (Atomics.load(c, ${CMD}) === 2) break;
  const begin = Atomics.load(c, ${BEGIN});
  const end = Atomics.load(c, ${END});
  const I = Atomics.load(c, ${BUF}) === 0 ? I0 : I1;
  const count = end - begin;
  let n = Math.floor(count / shardRows);
  n = n < 1 ? 1 : n > maxShards ? maxShards : n;
  for (let s = me; s < n; s += threads) {
    const hist = S.subarray(s * histLen, (s + 1) * histLen);
    hist.fill(0);
    acc(B, G, I, begin + Math.floor((count * s) / n), begin + Math.floor((count * (s + 1)) / n), hist);
  }
  Atomics.store(c, ${DONE} + me - 1, seen);
  Atomics.notify(c, ${DONE} + me - 1);
}
`;

/** Owns the worker threads and shared buffers of one training run; `close()` ends the workers. */
export class ThreadedHistogramBuilder {
  readonly #threads: number;
  #workers: Worker[] = [];
  readonly #ctrl = new Int32Array(new SharedArrayBuffer(4 * (DONE + 64)));

  /** @param threads total threads including the calling one (≥ 2). */
  constructor(threads: number) {
    this.#threads = threads;
  }

  /** Slot bins in shared memory. */
  allocBins(n: number, wide: boolean): SlotBins {
    return wide ? new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, n)), 0, n) : new Uint16Array(new SharedArrayBuffer(2 * Math.max(1, n)), 0, n);
  }

  allocFloat32(n: number): Float32Array {
    return new Float32Array(new SharedArrayBuffer(4 * Math.max(1, n)), 0, n);
  }

  allocUint32(n: number): Uint32Array {
    return new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, n)), 0, n);
  }

  /** Starts the workers on these shared arrays and returns the builder that drives them. */
  builder(kernel: HistKernel, bins: SlotBins, nf: number, histLen: number, gh: Float32Array, buffers: readonly [Uint32Array, Uint32Array]): HistogramBuilder {
    const shardRows = SHARD_ROWS;
    const maxShards = MAX_SHARDS;
    const shardBuf = new SharedArrayBuffer(8 * histLen * maxShards);
    const shardHist = new Float64Array(shardBuf);
    const ctrl = this.#ctrl;
    const threads = this.#threads;
    for (let w = 1; w < threads; w++) {
      Atomics.store(ctrl, DONE + w - 1, -2);
      this.#workers.push(
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            ctrl: ctrl.buffer,
            bins: bins.buffer,
            wide: bins instanceof Uint32Array,
            kernelSource: histKernelSource(nf),
            gh: gh.buffer,
            idx0: buffers[0].buffer,
            idx1: buffers[1].buffer,
            shards: shardBuf,
            histLen,
            me: w,
            threads,
            shardRows,
            maxShards,
          },
        }),
      );
    }
    for (let w = 1; w < threads; w++) while (Atomics.load(ctrl, DONE + w - 1) === -2) Atomics.wait(ctrl, DONE + w - 1, -2, 100);
    let gen = 0;
    return {
      build: (ghArg, idxArg, begin, end, hist) => {
        const count = end - begin;
        const n = shardCount(count);
        if (n === 1) {
          hist.fill(0);
          kernel(bins, ghArg, idxArg, begin, end, hist);
          return;
        }
        gen++;
        Atomics.store(ctrl, BEGIN, begin);
        Atomics.store(ctrl, END, end);
        Atomics.store(ctrl, BUF, idxArg === buffers[0] ? 0 : 1);
        Atomics.store(ctrl, CMD, 1);
        Atomics.store(ctrl, GEN, gen);
        Atomics.notify(ctrl, GEN);
        // the calling thread builds shards 0, threads, 2·threads, … (shard 0 straight into `hist`)
        for (let s = 0; s < n; s += threads) {
          const target = s === 0 ? hist : shardHist.subarray(s * histLen, (s + 1) * histLen);
          target.fill(0);
          kernel(bins, ghArg, idxArg, begin + Math.floor((count * s) / n), begin + Math.floor((count * (s + 1)) / n), target);
        }
        for (let w = 1; w < threads; w++) {
          let spins = 0;
          while (Atomics.load(ctrl, DONE + w - 1) !== gen && spins < 20000) spins++;
          while (Atomics.load(ctrl, DONE + w - 1) !== gen) Atomics.wait(ctrl, DONE + w - 1, Atomics.load(ctrl, DONE + w - 1), 50);
        }
        for (let s = 1; s < n; s++) addHistogram(hist, shardHist.subarray(s * histLen, (s + 1) * histLen));
      },
    };
  }

  /** Stops the workers (idempotent). */
  close(): void {
    if (this.#workers.length === 0) return;
    Atomics.store(this.#ctrl, CMD, 2);
    Atomics.add(this.#ctrl, GEN, 1);
    Atomics.notify(this.#ctrl, GEN);
    for (const w of this.#workers) void w.terminate();
    this.#workers = [];
  }
}

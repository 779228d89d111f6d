import { Worker } from 'node:worker_threads';
import type { SlotBins } from './binning.js';
import { addHistogram, histKernelSource, MAX_SHARDS, SHARD_ROWS, shardCount } from './histogram.js';
import type { HistKernel } from './histogram.js';
import { ITEM_FIELDS, ITEM_PARAMS, ITEM_SOURCE, T_BEGIN, T_BUF, T_END, T_MID, T_SLOT, T_SMALL, TASK_FIELDS, TASK_PARAMS, TASK_SOURCE } from './level-tasks.js';
import type { HistogramBuilder, LevelRunner } from './tree-builder.js';

/**
 * Worker threads for training. Two kinds of parallel work, both giving bit-identical models for any thread count:
 * - one big node's histogram (the root, lossguide nodes): its rows are cut into fixed shards (`shardCount`),
 *   shard s is built by thread `s % threads` into its own buffer and the shards are summed in shard order;
 * - a depth-wise level: every node to split is one task (partition + smaller child's histogram, level-tasks.ts)
 *   and threads take tasks from a shared counter; a task runs whole on one thread with the serial arithmetic.
 * Rows, bins, gradients, index buffers, the histogram arena and the task table live in SharedArrayBuffers;
 * threads meet on `Atomics.wait/notify`, so training stays a synchronous call.
 */

// Control slots: generation, command (1 shards, 2 exit, 3 level), shard range begin/end/buffer, task count, next
// task, then one "finished generation" slot per worker.
const GEN = 0;
const CMD = 1;
const BEGIN = 2;
const END = 3;
const BUF = 4;
const NTASK = 5;
const NEXT = 6;
const DONE = 7;
const CMD_SHARDS = 1;
const CMD_EXIT = 2;
const CMD_LEVEL = 3;
const CMD_ITEMS = 4;

/** Worker body, evaluated as CommonJS source so it runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const d = workerData;
const c = new Int32Array(d.ctrl);
const slots = new Uint8Array(d.bins);
const cols = new Uint8Array(d.cols);
const gh = new Float32Array(d.gh);
const bufs = [new Uint32Array(d.idx0), new Uint32Array(d.idx1)];
const S = new Float64Array(d.shards);
const T = new Int32Array(d.tasks);
const flags = new Uint8Array(d.flags);
const arena = new Float64Array(d.arena);
const items = new Int32Array(d.items);
const shardArena = new Float64Array(d.shardArena);
const kernel = new Function('bins', 'gh', 'idx', 'begin', 'end', 'hist', d.kernelSource);
const runTask = new Function(...d.taskParams, d.taskSource);
const runItem = new Function(...d.itemParams, d.itemSource);
const me = d.me;
let seen = 0;
Atomics.store(c, ${DONE} + me - 1, -1);
Atomics.notify(c, ${DONE} + me - 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(c, ${GEN}) === seen && spins < 20000) spins++;
  while (Atomics.load(c, ${GEN}) === seen) Atomics.wait(c, ${GEN}, seen, 50);
  seen = Atomics.load(c, ${GEN});
  const cmd = Atomics.load(c, ${CMD});
  if (cmd === ${CMD_EXIT}) break;
  if (cmd === ${CMD_SHARDS}) {
    const begin = Atomics.load(c, ${BEGIN});
    const end = Atomics.load(c, ${END});
    const I = bufs[Atomics.load(c, ${BUF})];
    const count = end - begin;
    let n = Math.floor(count / d.shardRows);
    n = n < 1 ? 1 : n > d.maxShards ? d.maxShards : n;
    for (let s = me; s < n; s += d.threads) {
      const hist = S.subarray(s * d.histLen, (s + 1) * d.histLen);
      hist.fill(0);
      kernel(slots, gh, I, begin + Math.floor((count * s) / n), begin + Math.floor((count * (s + 1)) / n), hist);
    }
  } else if (cmd === ${CMD_LEVEL}) {
    const ntask = Atomics.load(c, ${NTASK});
    for (let t = Atomics.add(c, ${NEXT}, 1); t < ntask; t = Atomics.add(c, ${NEXT}, 1)) runTask(T, t, cols, d.n, bufs, flags);
  } else {
    const nitem = Atomics.load(c, ${NTASK});
    for (let t = Atomics.add(c, ${NEXT}, 1); t < nitem; t = Atomics.add(c, ${NEXT}, 1)) {
      runItem(items, t, slots, gh, kernel, bufs, arena, shardArena, d.histLen);
    }
  }
  Atomics.store(c, ${DONE} + me - 1, seen);
  Atomics.notify(c, ${DONE} + me - 1);
}
`;

type TaskFn = (...args: unknown[]) => void;

/** Shared memory for one training run. */
export interface SharedTrainingArrays {
  readonly slots: SlotBins;
  readonly columns: Uint8Array;
  readonly gh: Float32Array;
  readonly buffers: readonly [Uint32Array, Uint32Array];
}

/** Owns the worker threads and shared buffers of one training run; `close()` ends the workers. */
export class GbdtThreads {
  readonly #threads: number;
  #workers: Worker[] = [];
  readonly #ctrl = new Int32Array(new SharedArrayBuffer(4 * (DONE + 64)));
  #gen = 0;

  /** @param threads total threads including the calling one (≥ 2). */
  constructor(threads: number) {
    this.#threads = threads;
  }

  /**
   * Starts the workers on the shared arrays. Returns the shard-parallel histogram builder and, when the arena
   * (`arenaSlots` histograms) and task table (`maxTasks`) are wanted, the depth-wise level runner.
   */
  start(
    kernel: HistKernel,
    data: SharedTrainingArrays,
    offsets: Int32Array,
    nf: number,
    histLen: number,
    arenaSlots: number,
    maxBins: number,
  ): { builder: HistogramBuilder; level: LevelRunner } {
    const n = data.buffers[0].length;
    const shardHist = new Float64Array(new SharedArrayBuffer(8 * histLen * MAX_SHARDS));
    const maxTasks = Math.max(1, arenaSlots);
    const tasks = new Int32Array(new SharedArrayBuffer(4 * TASK_FIELDS * maxTasks));
    const flags = new Uint8Array(new SharedArrayBuffer(Math.max(1, maxTasks * maxBins)));
    const arena = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, arenaSlots * histLen)));
    const items = new Int32Array(new SharedArrayBuffer(4 * ITEM_FIELDS * maxTasks * MAX_SHARDS));
    // one level's shards beyond the first: at most rows / SHARD_ROWS of them
    const shardSlots = Math.max(1, Math.floor(n / SHARD_ROWS));
    const shardArena = new Float64Array(new SharedArrayBuffer(8 * shardSlots * histLen));
    const ctrl = this.#ctrl;
    const threads = this.#threads;
    for (let w = 1; w < threads; w++) {
      Atomics.store(ctrl, DONE + w - 1, -2);
      this.#workers.push(
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            ctrl: ctrl.buffer,
            bins: data.slots.buffer,
            cols: data.columns.buffer,
            gh: data.gh.buffer,
            idx0: data.buffers[0].buffer,
            idx1: data.buffers[1].buffer,
            shards: shardHist.buffer,
            tasks: tasks.buffer,
            flags: flags.buffer,
            arena: arena.buffer,
            items: items.buffer,
            shardArena: shardArena.buffer,
            histLen,
            n,
            me: w,
            threads,
            shardRows: SHARD_ROWS,
            maxShards: MAX_SHARDS,
            kernelSource: histKernelSource(offsets, nf),
            taskParams: [...TASK_PARAMS],
            taskSource: TASK_SOURCE,
            itemParams: [...ITEM_PARAMS],
            itemSource: ITEM_SOURCE,
          },
        }),
      );
    }
    for (let w = 1; w < threads; w++) while (Atomics.load(ctrl, DONE + w - 1) === -2) Atomics.wait(ctrl, DONE + w - 1, -2, 100);
    // the calling thread runs the very same task source
    // generated from constant source text only, never from input data
    const runTask = new Function(...TASK_PARAMS, TASK_SOURCE) as TaskFn;
    const runItem = new Function(...ITEM_PARAMS, ITEM_SOURCE) as TaskFn;
    const free: number[] = [];
    for (let s = arenaSlots - 1; s >= 0; s--) free.push(s);
    const views = Array.from({ length: arenaSlots }, (_, s) => arena.subarray(s * histLen, (s + 1) * histLen));
    const arenaBase = arena.byteOffset;
    const builder: HistogramBuilder = {
      build: (ghArg, idxArg, begin, end, hist) => {
        const count = end - begin;
        const ns = shardCount(count);
        if (ns === 1) {
          hist.fill(0);
          kernel(data.slots, ghArg, idxArg, begin, end, hist);
          return;
        }
        Atomics.store(ctrl, BEGIN, begin);
        Atomics.store(ctrl, END, end);
        Atomics.store(ctrl, BUF, idxArg === data.buffers[0] ? 0 : 1);
        this.#dispatch(CMD_SHARDS);
        // the calling thread builds shards 0, threads, 2·threads, … (shard 0 straight into `hist`)
        for (let s = 0; s < ns; s += threads) {
          const target = s === 0 ? hist : shardHist.subarray(s * histLen, (s + 1) * histLen);
          target.fill(0);
          kernel(data.slots, ghArg, idxArg, begin + Math.floor((count * s) / ns), begin + Math.floor((count * (s + 1)) / ns), target);
        }
        this.#join();
        for (let s = 1; s < ns; s++) addHistogram(hist, shardHist.subarray(s * histLen, (s + 1) * histLen));
      },
    };
    const level: LevelRunner = {
      tasks,
      flags,
      maxTasks,
      fits: (nodes) => nodes <= maxTasks && nodes <= free.length,
      allocHist: () => views[free.pop() as number] as Float64Array,
      freeHist: (hist) => {
        free.push((hist.byteOffset - arenaBase) / (8 * histLen));
      },
      slotOf: (hist) => (hist.buffer === arena.buffer ? (hist.byteOffset - arenaBase) / (8 * histLen) : -1),
      run: (count) => {
        // phase 1: partitions
        this.#runShared(CMD_LEVEL, count, (t) => runTask(tasks, t, data.columns, n, data.buffers, flags));
        // phase 2: the smaller children's histograms, one item per shard
        let ni = 0;
        let shardNext = 0;
        for (let t = 0; t < count; t++) {
          const b = t * TASK_FIELDS;
          const small = tasks[b + T_SMALL] as number;
          if (small < 0) continue;
          const mid = tasks[b + T_MID] as number;
          const begin = small === 0 ? (tasks[b + T_BEGIN] as number) : mid;
          const cnt = small === 0 ? mid - begin : (tasks[b + T_END] as number) - mid;
          const ns = shardCount(cnt);
          for (let s = 0; s < ns; s++) {
            const o = ni * ITEM_FIELDS;
            items[o] = begin + Math.floor((cnt * s) / ns);
            items[o + 1] = begin + Math.floor((cnt * (s + 1)) / ns);
            items[o + 2] = 1 - (tasks[b + T_BUF] as number);
            items[o + 3] = s === 0 ? (tasks[b + T_SLOT] as number) : -1 - shardNext++;
            ni++;
          }
        }
        this.#runShared(CMD_ITEMS, ni, (it) => runItem(items, it, data.slots, data.gh, kernel, data.buffers, arena, shardArena, histLen));
        // shards beyond the first are added in shard order (items were laid out task by task, shard by shard)
        for (let it = 0; it < ni; it++) {
          const target = items[it * ITEM_FIELDS + 3] as number;
          if (target >= 0) continue;
          // the item's task slot is the nearest earlier item with a non-negative target
          let first = it - 1;
          while ((items[first * ITEM_FIELDS + 3] as number) < 0) first--;
          const slot = items[first * ITEM_FIELDS + 3] as number;
          addHistogram(views[slot] as Float64Array, shardArena.subarray((-1 - target) * histLen, -target * histLen));
        }
      },
    };
    return { builder, level };
  }

  /** Runs `count` pieces of work on every thread, each taking the next piece from a shared counter. */
  #runShared(cmd: number, count: number, work: (i: number) => void): void {
    if (count <= 1) {
      if (count === 1) work(0);
      return;
    }
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, NTASK, count);
    Atomics.store(ctrl, NEXT, 0);
    this.#dispatch(cmd);
    for (let t = Atomics.add(ctrl, NEXT, 1); t < count; t = Atomics.add(ctrl, NEXT, 1)) work(t);
    this.#join();
  }

  #dispatch(cmd: number): void {
    this.#gen++;
    Atomics.store(this.#ctrl, CMD, cmd);
    Atomics.store(this.#ctrl, GEN, this.#gen);
    Atomics.notify(this.#ctrl, GEN);
  }

  #join(): void {
    const ctrl = this.#ctrl;
    for (let w = 1; w < this.#threads; w++) {
      let spins = 0;
      while (Atomics.load(ctrl, DONE + w - 1) !== this.#gen && spins < 20000) spins++;
      while (Atomics.load(ctrl, DONE + w - 1) !== this.#gen) Atomics.wait(ctrl, DONE + w - 1, Atomics.load(ctrl, DONE + w - 1), 50);
    }
  }

  /** Stops the workers (idempotent). */
  close(): void {
    if (this.#workers.length === 0) return;
    this.#dispatch(CMD_EXIT);
    for (const w of this.#workers) void w.terminate();
    this.#workers = [];
  }
}

import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { SlotBins } from './binning.js';
import { addHistogram, histKernelSource, MAX_SHARDS, SHARD_ROWS, shardCount } from './histogram.js';
import type { HistKernel } from './histogram.js';
import { ITEM_FIELDS, ITEM_PARAMS, ITEM_SOURCE, T_BEGIN, T_BUF, T_END, T_MID, T_SLOT, T_SMALL, TASK_FIELDS, TASK_PARAMS, TASK_SOURCE } from './level-tasks.js';
import { APPLY_FIELDS, APPLY_PARAMS, APPLY_SOURCE, GRAD_PARAMS, ROW_CHUNK } from './row-tasks.js';
import type { HistogramBuilder, LevelRunner } from './tree-builder.js';

/**
 * Worker threads for training; models are bit-identical for any thread count. Work is handed out in batches of
 * independent pieces, each run whole on one thread with the serial arithmetic (level-tasks.ts):
 * - a depth-wise level: one partition task per node, then one histogram item per shard of each smaller child;
 * - one big node's histogram (the root, lossguide nodes): one item per shard (`shardCount`);
 * - a new tree's leaf values added to the raw scores, and the next gradients: pieces of rows (row-tasks.ts).
 * Shard histograms are summed in shard order by the calling thread. Threads claim pieces with a compare-and-swap
 * on a ticket that carries the batch number, so a worker that wakes late finds nothing to claim and the caller
 * never waits for it: the caller only waits until every claimed piece is finished. Shared memory and
 * `Atomics.wait/notify` keep training a synchronous call.
 */

// Control slots: batch generation, command, piece count, ticket (batch tag | next piece), pieces finished, and
// per worker the last set-up it has applied.
const GEN = 0;
const CMD = 1;
const COUNT = 2;
const TICKET = 3;
const FINISHED = 4;
const READY = 5;
const CMD_TASKS = 1;
const CMD_ITEMS = 2;
const CMD_EXIT = 3;
const CMD_SETUP = 4;
const CMD_APPLY = 5;
const CMD_GRAD = 6;
/** Low ticket bits count pieces (≤ 131,071 per batch), the high 14 bits tag the batch. */
const PIECE_BITS = 17;
const PIECE_MASK = (1 << PIECE_BITS) - 1;
const GEN_MASK = (1 << (32 - PIECE_BITS)) - 1;

/** Worker body, evaluated as CommonJS source so it runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const c = new Int32Array(workerData.ctrl);
const me = workerData.me;
const port = workerData.port;
let d, slots, cols, gh, bufs, T, flags, arena, items, shardArena, kernel, seqKernel, runTask, runItem;
let raw, y, w, A, V, AF, runApply, runGrad;
function setup(m) {
  d = m;
  slots = new Uint8Array(d.bins);
  cols = new Uint8Array(d.cols);
  gh = new Float32Array(d.gh);
  bufs = [new Uint32Array(d.idx0), new Uint32Array(d.idx1)];
  T = new Int32Array(d.tasks);
  flags = new Uint8Array(d.flags);
  arena = new Float64Array(d.arena);
  items = new Int32Array(d.items);
  shardArena = new Float64Array(d.shardArena);
  kernel = new Function('bins', 'gh', 'idx', 'begin', 'end', 'hist', d.kernelSource);
  seqKernel = new Function('bins', 'gh', 'idx', 'begin', 'end', 'hist', d.seqKernelSource);
  runTask = new Function(...d.taskParams, d.taskSource);
  runItem = new Function(...d.itemParams, d.itemSource);
  raw = new Float64Array(d.raw);
  y = new Float64Array(d.y);
  w = d.w === null ? null : new Float64Array(d.w);
  A = new Int32Array(d.applyTable);
  V = new Float64Array(d.applyValues);
  AF = new Uint8Array(d.applyFlags);
  runApply = new Function(...d.applyParams, d.applySource);
  runGrad = d.gradSource === null ? null : new Function(...d.gradParams, d.gradSource);
}
let seen = Atomics.load(c, ${GEN});
Atomics.store(c, ${READY} + me - 1, 0);
Atomics.notify(c, ${READY} + me - 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(c, ${GEN}) === seen && spins < 2000) spins++;
  while (Atomics.load(c, ${GEN}) === seen) Atomics.wait(c, ${GEN}, seen, 100);
  seen = Atomics.load(c, ${GEN});
  const cmd = Atomics.load(c, ${CMD});
  if (cmd === ${CMD_EXIT}) break;
  if (cmd === ${CMD_SETUP}) {
    // the caller posted the new arrays before raising the generation and waits for this acknowledgement
    let msg = receiveMessageOnPort(port);
    while (msg === undefined) msg = receiveMessageOnPort(port);
    setup(msg.message);
    Atomics.store(c, ${READY} + me - 1, d.setupId);
    Atomics.notify(c, ${READY} + me - 1);
    continue;
  }
  const count = Atomics.load(c, ${COUNT});
  const tag = (seen & ${GEN_MASK}) << ${PIECE_BITS};
  for (;;) {
    const t = Atomics.load(c, ${TICKET});
    if ((t & ~${PIECE_MASK}) !== tag) break;
    const i = t & ${PIECE_MASK};
    if (i >= count) break;
    if (Atomics.compareExchange(c, ${TICKET}, t, t + 1) !== t) continue;
    if (cmd === ${CMD_TASKS}) runTask(T, i, cols, d.n, bufs, flags);
    else if (cmd === ${CMD_ITEMS}) runItem(items, i, slots, gh, kernel, seqKernel, bufs, arena, shardArena, d.histLen);
    else if (cmd === ${CMD_APPLY}) runApply(A, V, i, cols, d.n, bufs, AF, raw);
    else runGrad(raw, y, w, i * ${ROW_CHUNK}, Math.min(d.n, (i + 1) * ${ROW_CHUNK}), gh);
    Atomics.add(c, ${FINISHED}, 1);
    Atomics.notify(c, ${FINISHED});
  }
}
`;

type PieceFn = (...args: unknown[]) => void;

/** Shared memory for one training run. */
export interface SharedTrainingArrays {
  readonly slots: SlotBins;
  readonly columns: Uint8Array;
  readonly gh: Float32Array;
  readonly buffers: readonly [Uint32Array, Uint32Array];
}

/** Single-output row arrays of a training run that the workers share (raw scores, labels, weights). */
export interface SharedRowArrays {
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array | null;
  /** The objective's `rangeGradientSource`, or null to compute gradients on the calling thread. */
  readonly gradSource: string | null;
}

/**
 * Per-row work on all threads: apply pieces (row-tasks.ts) filled by the caller into `table` / `values` / `flags`,
 * and the gradients of all rows.
 */
export interface RowRunner {
  readonly table: Int32Array;
  readonly values: Float64Array;
  readonly flags: Uint8Array;
  /** Most apply pieces per run. */
  readonly capacity: number;
  /** Runs apply pieces 0..count-1 to completion. */
  apply(count: number): void;
  /** Gradients of every row into the shared `gh` (null when the objective has no range source). */
  readonly gradients: (() => void) | null;
}

/**
 * A pool of worker threads kept for the life of the process (unref'd, so they never keep it alive): starting
 * workers costs ~50–100 ms, more than a small training. Each training hands the workers its shared arrays in
 * `start`. Use from one thread at a time (training is synchronous, so one JS thread cannot overlap two runs).
 */
export class GbdtThreads {
  readonly #threads: number;
  #workers: Worker[] = [];
  #ports: MessagePort[] = [];
  readonly #ctrl = new Int32Array(new SharedArrayBuffer(4 * (READY + 64)));
  #gen = 0;
  #setupId = 0;

  /** @param threads total threads including the calling one (≥ 2). */
  constructor(threads: number) {
    this.#threads = threads;
    const ctrl = this.#ctrl;
    for (let w = 1; w < threads; w++) {
      Atomics.store(ctrl, READY + w - 1, -1);
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrl: ctrl.buffer, me: w, port: port2 }, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.#workers.push(worker);
      this.#ports.push(port1);
    }
    for (let w = 1; w < threads; w++) while (Atomics.load(ctrl, READY + w - 1) === -1) Atomics.wait(ctrl, READY + w - 1, -1, 100);
  }

  /**
   * Starts the workers on the shared arrays. Returns the shard-parallel histogram builder and the depth-wise level
   * runner (its histogram arena has `arenaSlots` slots; 0 disables it).
   */
  start(
    kernel: HistKernel,
    seqKernel: HistKernel,
    data: SharedTrainingArrays,
    offsets: Int32Array,
    nf: number,
    histLen: number,
    arenaSlots: number,
    maxBins: number,
    rows: SharedRowArrays,
  ): { builder: HistogramBuilder; level: LevelRunner; rows: RowRunner } {
    const n = data.buffers[0].length;
    const maxTasks = Math.max(1, arenaSlots);
    const tasks = new Int32Array(new SharedArrayBuffer(4 * TASK_FIELDS * maxTasks));
    const flags = new Uint8Array(new SharedArrayBuffer(Math.max(1, maxTasks * maxBins)));
    const arena = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, arenaSlots * histLen)));
    const items = new Int32Array(new SharedArrayBuffer(4 * ITEM_FIELDS * Math.max(maxTasks, 1) * MAX_SHARDS));
    // shard buffers: a batch needs at most one per SHARD_ROWS rows
    const shardSlots = Math.max(MAX_SHARDS, Math.floor(n / SHARD_ROWS));
    const shardArena = new Float64Array(new SharedArrayBuffer(8 * shardSlots * histLen));
    // apply pieces: the rows in ROW_CHUNK pieces plus one partial piece per leaf or deferred split
    const capacity = Math.ceil(n / ROW_CHUNK) + 4096;
    const applyTable = new Int32Array(new SharedArrayBuffer(4 * APPLY_FIELDS * capacity));
    const applyValues = new Float64Array(new SharedArrayBuffer(16 * capacity));
    const applyFlags = new Uint8Array(new SharedArrayBuffer(Math.max(1, 1024 * maxBins)));
    const ctrl = this.#ctrl;
    const setupId = ++this.#setupId;
    for (const port of this.#ports) {
      port.postMessage({
        setupId,
        bins: data.slots.buffer,
        cols: data.columns.buffer,
        gh: data.gh.buffer,
        idx0: data.buffers[0].buffer,
        idx1: data.buffers[1].buffer,
        tasks: tasks.buffer,
        flags: flags.buffer,
        arena: arena.buffer,
        items: items.buffer,
        shardArena: shardArena.buffer,
        histLen,
        n,
        kernelSource: histKernelSource(offsets, nf),
        seqKernelSource: histKernelSource(offsets, nf, true),
        taskParams: [...TASK_PARAMS],
        taskSource: TASK_SOURCE,
        itemParams: [...ITEM_PARAMS],
        itemSource: ITEM_SOURCE,
        raw: rows.raw.buffer,
        y: rows.y.buffer,
        w: rows.w === null ? null : rows.w.buffer,
        applyTable: applyTable.buffer,
        applyValues: applyValues.buffer,
        applyFlags: applyFlags.buffer,
        applyParams: [...APPLY_PARAMS],
        applySource: APPLY_SOURCE,
        gradParams: [...GRAD_PARAMS],
        gradSource: rows.gradSource,
      });
    }
    Atomics.store(ctrl, TICKET, -1 << PIECE_BITS);
    Atomics.store(ctrl, CMD, CMD_SETUP);
    this.#gen = (this.#gen + 1) & 0x7fffffff;
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
    for (let w = 1; w < this.#threads; w++) {
      for (let r = Atomics.load(ctrl, READY + w - 1); r !== setupId; r = Atomics.load(ctrl, READY + w - 1)) Atomics.wait(ctrl, READY + w - 1, r, 100);
    }
    // the calling thread runs the very same sources (generated from constant text and integers only)
    const runTask = new Function(...TASK_PARAMS, TASK_SOURCE) as PieceFn;
    const runItem = new Function(...ITEM_PARAMS, ITEM_SOURCE) as PieceFn;
    const item = (i: number): void => runItem(items, i, data.slots, data.gh, kernel, seqKernel, data.buffers, arena, shardArena, histLen);
    const shardView = (i: number): Float64Array => shardArena.subarray(i * histLen, (i + 1) * histLen);
    const free: number[] = [];
    for (let s = arenaSlots - 1; s >= 0; s--) free.push(s);
    const views = Array.from({ length: arenaSlots }, (_, s) => arena.subarray(s * histLen, (s + 1) * histLen));
    const setItem = (i: number, begin: number, end: number, buf: number, target: number): void => {
      const o = i * ITEM_FIELDS;
      items[o] = begin;
      items[o + 1] = end;
      items[o + 2] = buf;
      items[o + 3] = target;
    };
    const build = (ghArg: Float32Array, idxArg: Uint32Array, begin: number, end: number, hist: Float64Array, all: boolean): void => {
      const count = end - begin;
      const ns = shardCount(count);
      if (ns === 1) {
        hist.fill(0);
        (all ? seqKernel : kernel)(data.slots, ghArg, idxArg, begin, end, hist);
        return;
      }
      const buf = all ? 2 : idxArg === data.buffers[0] ? 0 : 1;
      for (let s = 0; s < ns; s++) setItem(s, begin + Math.floor((count * s) / ns), begin + Math.floor((count * (s + 1)) / ns), buf, -1 - s);
      this.#runBatch(CMD_ITEMS, ns, item);
      hist.set(shardView(0));
      for (let s = 1; s < ns; s++) addHistogram(hist, shardView(s));
    };
    const builder: HistogramBuilder = {
      build: (ghArg, idxArg, begin, end, hist) => build(ghArg, idxArg, begin, end, hist, false),
      buildAll: (ghArg, count, hist) => build(ghArg, data.buffers[0], 0, count, hist, true),
    };
    const level: LevelRunner = {
      tasks,
      flags,
      maxTasks,
      fits: (nodes) => nodes <= maxTasks && nodes <= free.length,
      allocHist: () => views[free.pop() as number] as Float64Array,
      freeHist: (hist) => {
        free.push((hist.byteOffset - arena.byteOffset) / (8 * histLen));
      },
      slotOf: (hist) => (hist.buffer === arena.buffer ? (hist.byteOffset - arena.byteOffset) / (8 * histLen) : -1),
      run: (count) => {
        // phase 1: partitions
        this.#runBatch(CMD_TASKS, count, (t) => runTask(tasks, t, data.columns, n, data.buffers, flags));
        // phase 2: the smaller children's histograms, one item per shard (shard 0 straight into the arena slot)
        let ni = 0;
        let extra = 0;
        for (let t = 0; t < count; t++) {
          const b = t * TASK_FIELDS;
          const small = tasks[b + T_SMALL] as number;
          if (small < 0) continue;
          const mid = tasks[b + T_MID] as number;
          const begin = small === 0 ? (tasks[b + T_BEGIN] as number) : mid;
          const cnt = small === 0 ? mid - begin : (tasks[b + T_END] as number) - mid;
          const ns = shardCount(cnt);
          const buf = 1 - (tasks[b + T_BUF] as number);
          for (let s = 0; s < ns; s++) {
            setItem(ni++, begin + Math.floor((cnt * s) / ns), begin + Math.floor((cnt * (s + 1)) / ns), buf, s === 0 ? (tasks[b + T_SLOT] as number) : -1 - extra++);
          }
        }
        this.#runBatch(CMD_ITEMS, ni, item);
        // shards beyond the first, added in shard order to the slot of the item before them
        let slot = -1;
        for (let it = 0; it < ni; it++) {
          const target = items[it * ITEM_FIELDS + 3] as number;
          if (target >= 0) slot = target;
          else addHistogram(views[slot] as Float64Array, shardView(-1 - target));
        }
      },
    };
    const runApply = new Function(...APPLY_PARAMS, APPLY_SOURCE) as PieceFn;
    const gradSource = rows.gradSource;
    const runGrad = gradSource === null ? null : (new Function(...GRAD_PARAMS, gradSource) as PieceFn);
    const rowRunner: RowRunner = {
      table: applyTable,
      values: applyValues,
      flags: applyFlags,
      capacity,
      apply: (count) => this.#runBatch(CMD_APPLY, count, (p) => runApply(applyTable, applyValues, p, data.columns, n, data.buffers, applyFlags, rows.raw)),
      gradients:
        runGrad === null
          ? null
          : () => this.#runBatch(CMD_GRAD, Math.ceil(n / ROW_CHUNK), (p) => runGrad(rows.raw, rows.y, rows.w, p * ROW_CHUNK, Math.min(n, (p + 1) * ROW_CHUNK), data.gh)),
    };
    return { builder, level, rows: rowRunner };
  }

  /** Runs pieces 0..count-1 on every thread; returns when all are finished. */
  #runBatch(cmd: number, count: number, work: (i: number) => void): void {
    if (count <= 1) {
      if (count === 1) work(0);
      return;
    }
    const ctrl = this.#ctrl;
    this.#gen = (this.#gen + 1) & 0x7fffffff;
    const tag = (this.#gen & GEN_MASK) << PIECE_BITS;
    // the ticket is re-tagged first, so a late worker of the previous batch can no longer claim anything
    Atomics.store(ctrl, TICKET, tag);
    Atomics.store(ctrl, FINISHED, 0);
    Atomics.store(ctrl, CMD, cmd);
    Atomics.store(ctrl, COUNT, count);
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
    let done = 0;
    for (;;) {
      const t = Atomics.load(ctrl, TICKET);
      const i = t & PIECE_MASK;
      if (i >= count) break;
      if (Atomics.compareExchange(ctrl, TICKET, t, t + 1) !== t) continue;
      work(i);
      done++;
    }
    Atomics.add(ctrl, FINISHED, done);
    let spins = 0;
    for (let f = Atomics.load(ctrl, FINISHED); f < count; f = Atomics.load(ctrl, FINISHED)) {
      if (spins++ < 2000) continue;
      Atomics.wait(ctrl, FINISHED, f, 100);
    }
  }

  /** Stops the workers (idempotent); the pool is unusable afterwards. */
  shutdown(): void {
    if (this.#workers.length === 0) return;
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, TICKET, -1 << PIECE_BITS);
    Atomics.store(ctrl, CMD, CMD_EXIT);
    Atomics.store(ctrl, GEN, (this.#gen + 1) & 0x7fffffff);
    Atomics.notify(ctrl, GEN);
    for (const w of this.#workers) void w.terminate();
    for (const p of this.#ports) p.close();
    this.#workers = [];
    this.#ports = [];
  }
}

const pools = new Map<number, GbdtThreads>();

/** The process-wide pool for `threads` threads (created on first use). */
export function gbdtThreads(threads: number): GbdtThreads {
  let pool = pools.get(threads);
  if (pool === undefined) {
    pool = new GbdtThreads(threads);
    pools.set(threads, pool);
  }
  return pool;
}

/** Ends every pooled worker thread (for hosts that want a clean shutdown; workers never keep a process alive). */
export function shutdownGbdtThreads(): void {
  for (const pool of pools.values()) pool.shutdown();
  pools.clear();
}

import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { ROUND_PARAMS, ROUND_SOURCE, STEP_PARAMS, STEP_SOURCE } from './blocks.js';
import { PREDICT_PARAMS, PREDICT_SOURCE } from './wasm-predict.js';
import type { ArrayPlace } from './training-memory.js';

/**
 * Worker threads for training and batch prediction; results are bit-identical for any thread count. A batch is the
 * blocks of one training step or round (blocks.ts), or the row pieces of a prediction (wasm-predict.ts), each run
 * whole on one thread by the same source the calling thread runs. Threads claim
 * blocks with a compare-and-swap on a ticket that carries the batch number, so a worker that wakes late finds
 * nothing to claim and the caller never waits for it: the caller only waits until every claimed block is
 * finished. Shared memory and `Atomics.wait/notify` keep training a synchronous call.
 */

// Control slots: batch generation, command, piece count, ticket (batch tag | next piece), pieces finished, the
// step's task count, and per worker the last set-up it has applied.
const GEN = 0;
const CMD = 1;
const COUNT = 2;
const TICKET = 3;
const FINISHED = 4;
const ARG = 5;
const READY = 6;
const CMD_STEP = 1;
const CMD_ROUND = 2;
const CMD_EXIT = 3;
const CMD_SETUP = 4;
const CMD_PREDICT = 5;
/** Low ticket bits count pieces, the high bits tag the batch. */
const PIECE_BITS = 16;
const PIECE_MASK = (1 << PIECE_BITS) - 1;
const GEN_MASK = (1 << (32 - PIECE_BITS)) - 1;
/** Polls of a control slot before a thread sleeps on it (a batch usually follows within microseconds). */
const SPINS = 20_000;

/** One training run as the workers receive it: its memory, where each array lives in it, and the sources. */
export interface BlockSetup {
  readonly memory: WebAssembly.Memory;
  /**
   * The compiled kernel module (wasm-kernel.ts) for the run's feature layout. Posting the module (not its bytes)
   * shares V8's compiled code: a module compiled afresh in a worker would run its baseline code until it tiers up.
   */
  readonly kernelModule: WebAssembly.Module;
  /** slots, columns, gh, idx0, idx1, raw, y, w (null when unweighted) and the BlockRunner's tables. */
  readonly places: Readonly<Record<string, ArrayPlace | null>>;
  readonly n: number;
  readonly k: number;
  readonly blocks: number;
  readonly histLen: number;
  readonly gradSource: string | null;
}

/** A batch prediction as the workers receive it: its shared memory, the compiled walk and where its tables are. */
export interface PredictSetup {
  readonly kind: 'predict';
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** PREDICT_FIELDS Int32 parameters (wasm-predict.ts) and the per-piece NaN flags. */
  readonly params: ArrayPlace;
  readonly flags: ArrayPlace;
}

/** Worker body, evaluated as CommonJS source so it runs the same under tsx, vitest and the compiled build. */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const c = new Int32Array(workerData.ctrl);
const me = workerData.me;
const port = workerData.port;
let d, slots, cols, gh, bufs, raw, y, w, T, R, flags, arena, C, E, ER, V, EF, K, grad, runStep, runRound;
let PK, PP, PF, runPredict;
const grads = new Map();
function setup(m) {
  d = m;
  const mem = m.memory.buffer;
  const P = m.places;
  const v = (p) => (p === null ? null : new globalThis[p[0]](mem, p[1], p[2]));
  slots = v(P.slots);
  cols = v(P.columns);
  gh = v(P.gh);
  bufs = [v(P.idx0), v(P.idx1)];
  raw = v(P.raw);
  y = v(P.y);
  w = v(P.w);
  T = v(P.tasks);
  R = v(P.ranges);
  flags = v(P.flags);
  arena = v(P.arena);
  C = v(P.control);
  E = v(P.entries);
  ER = v(P.entryRanges);
  V = v(P.entryValues);
  EF = v(P.entryFlags);
  K = new WebAssembly.Instance(m.kernelModule, { env: { memory: m.memory } }).exports;
  // compiled once per worker and kept, so V8 keeps their optimised code from one training to the next
  runStep ??= new Function(${STEP_PARAMS.map((p) => `'${p}'`).join(', ')}, d.stepSource);
  runRound ??= new Function(${ROUND_PARAMS.map((p) => `'${p}'`).join(', ')}, d.roundSource);
  grad = null;
  if (d.gradSource !== null) {
    grad = grads.get(d.gradSource);
    if (grad === undefined) grads.set(d.gradSource, (grad = new Function('raw', 'y', 'w', 'begin', 'end', 'gh', d.gradSource)));
  }
}
function setupPredict(m) {
  const mem = m.memory.buffer;
  PK = new WebAssembly.Instance(m.module, { env: { memory: m.memory } }).exports;
  PP = new Int32Array(mem, m.params[1], m.params[2]);
  PF = new Uint8Array(mem, m.flags[1], m.flags[2]);
  runPredict ??= new Function(${PREDICT_PARAMS.map((p) => `'${p}'`).join(', ')}, m.predictSource);
}
let seen = Atomics.load(c, ${GEN});
Atomics.store(c, ${READY} + me - 1, 0);
Atomics.notify(c, ${READY} + me - 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(c, ${GEN}) === seen && spins < ${SPINS}) spins++;
  while (Atomics.load(c, ${GEN}) === seen) Atomics.wait(c, ${GEN}, seen, 100);
  seen = Atomics.load(c, ${GEN});
  const cmd = Atomics.load(c, ${CMD});
  if (cmd === ${CMD_EXIT}) break;
  if (cmd === ${CMD_SETUP}) {
    // the caller posted the new arrays before raising the generation and waits for this acknowledgement
    let msg = receiveMessageOnPort(port);
    while (msg === undefined) msg = receiveMessageOnPort(port);
    if (msg.message.kind === 'predict') setupPredict(msg.message);
    else setup(msg.message);
    Atomics.store(c, ${READY} + me - 1, msg.message.setupId);
    Atomics.notify(c, ${READY} + me - 1);
    continue;
  }
  const count = Atomics.load(c, ${COUNT});
  const arg = Atomics.load(c, ${ARG});
  const tag = (seen & ${GEN_MASK}) << ${PIECE_BITS};
  for (;;) {
    const t = Atomics.load(c, ${TICKET});
    if ((t & ~${PIECE_MASK}) !== tag) break;
    const b = t & ${PIECE_MASK};
    if (b >= count) break;
    if (Atomics.compareExchange(c, ${TICKET}, t, t + 1) !== t) continue;
    if (cmd === ${CMD_PREDICT}) runPredict(PK, PP, PF, b);
    else if (cmd === ${CMD_STEP}) runStep(T, R, arg, b, d.blocks, cols, d.n, bufs, flags, slots, gh, K, arena, d.histLen);
    else runRound(C, E, ER, V, EF, b, d.blocks, cols, d.n, d.k, bufs, raw, y, w, gh, grad, slots, K, arena, d.histLen);
    Atomics.add(c, ${FINISHED}, 1);
    Atomics.notify(c, ${FINISHED});
  }
}
`;

/**
 * A pool of worker threads kept for the life of the process (unref'd, so they never keep it alive): starting
 * workers costs ~50–100 ms, more than a small training. Each training hands the workers its shared arrays in
 * `setup`. Use from one thread at a time (training is synchronous, so one JS thread cannot overlap two runs).
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

  /** Hands the workers a training run (its memory is shared) and waits until each has it. */
  setup(s: BlockSetup): void {
    this.#post({ ...s, stepSource: STEP_SOURCE, roundSource: ROUND_SOURCE });
  }

  /** Hands the workers a batch prediction, then runs its pieces 0..pieces-1; `work(i)` is the calling thread's share. */
  predict(s: PredictSetup, pieces: number, work: (i: number) => void): void {
    this.#post({ ...s, predictSource: PREDICT_SOURCE });
    this.#run(CMD_PREDICT, pieces, 0, work);
  }

  /** Posts a set-up to every worker and waits until each has applied it. */
  #post(message: object): void {
    const setupId = ++this.#setupId;
    for (const port of this.#ports) port.postMessage({ ...message, setupId });
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, TICKET, -1 << PIECE_BITS);
    Atomics.store(ctrl, CMD, CMD_SETUP);
    this.#gen = (this.#gen + 1) & 0x7fffffff;
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
    for (let w = 1; w < this.#threads; w++) {
      for (let r = Atomics.load(ctrl, READY + w - 1); r !== setupId; r = Atomics.load(ctrl, READY + w - 1)) Atomics.wait(ctrl, READY + w - 1, r, 100);
    }
  }

  /** Runs a step's blocks 0..blocks-1 (tasks 0..tasks-1 each) on every thread; `work(b)` is the calling thread's share. */
  step(blocks: number, tasks: number, work: (b: number) => void): void {
    this.#run(CMD_STEP, blocks, tasks, work);
  }

  /** Runs a round's blocks 0..blocks-1 on every thread. */
  round(blocks: number, work: (b: number) => void): void {
    this.#run(CMD_ROUND, blocks, 0, work);
  }

  #run(cmd: number, count: number, arg: number, work: (b: number) => void): void {
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
    Atomics.store(ctrl, ARG, arg);
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
      if (spins++ < SPINS) continue;
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

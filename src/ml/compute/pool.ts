import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';

import { InternalError, startWorker } from '../../core/index.js';
import type { ComputeKernel } from './kernel.js';
import {
  ARG,
  BASE,
  claim,
  close,
  CMD,
  CMD_EXIT,
  CMD_RUN,
  CMD_SYNC,
  controlSlots,
  COUNT,
  FAILED,
  finish,
  finished,
  FINISHED,
  GEN,
  KERNEL,
  MAX_PIECES,
  NEED,
  READY,
  SPINS,
  tagOf,
  TICKET,
} from './protocol.js';
import type { AttachMessage, ComputeWorkerData, PieceMessage } from './protocol.js';

/** How an asynchronous batch reports and stops. */
export interface AsyncBatchOptions<R> {
  /** Checked before the calling thread claims each piece and while it waits; aborting ends the batch with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called on the calling thread for every finished piece (its own and the workers'), in the order they finish. */
  onResult(piece: number, result: R): void;
}

/** How long an asynchronous batch sleeps between looks at its workers (ms). */
const POLL_MS = 1;

/**
 * The engine's compute pool: `threads - 1` worker threads kept for the life of the process (unref'd, so they never
 * keep it alive; starting one costs ~50–100 ms, more than a small training) that share batches of kernel pieces
 * (kernel.ts) with the calling thread over shared memory. A kernel's set-up is attached once (`attach`), then any
 * number of batches run on it; the caller always takes part, so a batch never waits for a worker to wake.
 *
 * `run` is synchronous (Atomics.wait): gradient boosting's steps are microseconds apart. `runAsync` keeps the
 * event loop turning while workers finish (a forest's trees take milliseconds each), so an AbortSignal can stop
 * it and results arrive as they finish. Use a pool from one thread; `computePool` hands out one that no
 * asynchronous batch holds.
 */
export class ComputePool {
  readonly threads: number;
  #workers: Worker[] = [];
  #ports: MessagePort[] = [];
  readonly #ctrl: Int32Array;
  /** Per kernel id: its slot and the id of its latest attach. */
  readonly #kernels = new Map<string, { readonly slot: number; attachId: number }>();
  #gen = 0;
  #attachId = 0;
  #busy = false;

  /** @param threads total threads including the calling one (≥ 2). Waits until every worker has started. */
  constructor(threads: number) {
    this.threads = threads;
    const ctrl = new Int32Array(new SharedArrayBuffer(4 * controlSlots(threads)));
    this.#ctrl = ctrl;
    for (let me = 1; me < threads; me++) {
      Atomics.store(ctrl, READY + me - 1, -1);
      const { port1, port2 } = new MessageChannel();
      const data: ComputeWorkerData = { ctrl: ctrl.buffer as SharedArrayBuffer, me, port: port2 };
      const worker = startWorker(new URL('./worker.js', import.meta.url), { workerData: data, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.#workers.push(worker);
      this.#ports.push(port1);
    }
    for (let me = 1; me < threads; me++) while (Atomics.load(ctrl, READY + me - 1) === -1) Atomics.wait(ctrl, READY + me - 1, -1, 100);
  }

  /** True while an asynchronous batch holds the pool. */
  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Hands every worker `setup` for `kernel` (a structured clone: shared memory stays shared). It replaces the
   * kernel's previous set-up, other kernels keep theirs; a worker applies it before it next runs a piece, so this
   * never waits for a busy worker.
   */
  attach<S>(kernel: ComputeKernel<S, unknown, unknown>, setup: S): void {
    this.#post(kernel.id, setup);
  }

  /** Makes every worker drop its state of `kernel` (and the memory it holds) now. */
  detach(kernel: ComputeKernel<never, unknown, unknown>): void {
    if (!this.#kernels.has(kernel.id)) return;
    this.#post(kernel.id, undefined);
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, TICKET, tagOf(this.#nextGen()) | MAX_PIECES);
    Atomics.store(ctrl, CMD, CMD_SYNC);
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
  }

  #post(id: string, setup: unknown): void {
    let entry = this.#kernels.get(id);
    if (entry === undefined) {
      entry = { slot: this.#kernels.size, attachId: 0 };
      this.#kernels.set(id, entry);
    }
    entry.attachId = ++this.#attachId;
    const message: AttachMessage = { kernel: id, slot: entry.slot, setup, attachId: entry.attachId };
    for (const port of this.#ports) port.postMessage(message);
  }

  /**
   * Runs pieces 0..count-1 of an attached kernel on every thread and returns when all are done; the calling thread
   * runs its share as `kernel.run(state, piece, arg)`. Results are not collected (use `runAsync`).
   * @throws MLP_CORE_INTERNAL when a piece failed on a worker.
   */
  run<S, T>(kernel: ComputeKernel<S, T, unknown>, state: T, count: number, arg: number): void {
    if (count <= 1) {
      if (count === 1) kernel.run(state, 0, arg);
      return;
    }
    const attached = this.#attachedOf(kernel);
    const ctrl = this.#ctrl;
    for (let base = 0; base < count; base += MAX_PIECES) {
      const n = Math.min(MAX_PIECES, count - base);
      const tag = this.#start(attached, base, n, arg);
      let done = 0;
      try {
        for (let i = claim(ctrl, tag, n); i >= 0; i = claim(ctrl, tag, n)) {
          kernel.run(state, base + i, arg);
          done++;
        }
      } catch (error) {
        close(ctrl, tag);
        throw error;
      }
      finish(ctrl, tag, done);
      let spins = 0;
      while (finished(ctrl, tag) < n) {
        if (spins++ < SPINS) continue;
        Atomics.wait(ctrl, FINISHED, Atomics.load(ctrl, FINISHED), 100);
      }
    }
    if (Atomics.load(ctrl, FAILED) !== 0) this.#drain(this.#gen, () => undefined);
  }

  /**
   * Runs pieces 0..count-1 like `run`, but waits for the workers without blocking the event loop and hands every
   * piece's result to `options.onResult`. While it runs the pool is busy (`computePool` hands out another).
   * On abort (or a failed piece) the pieces nobody has claimed are dropped, a worker's piece in flight is
   * ignored when it finishes, and the promise rejects at once.
   * @throws the signal's reason when aborted; MLP_CORE_INTERNAL when a piece failed on a worker.
   */
  async runAsync<S, T, R>(
    kernel: ComputeKernel<S, T, R>,
    state: T,
    count: number,
    arg: number,
    options: AsyncBatchOptions<R>,
  ): Promise<void> {
    if (this.#busy) throw InternalError({ reason: 'a compute pool was used while an asynchronous batch held it' });
    const attached = this.#attachedOf(kernel);
    const ctrl = this.#ctrl;
    const signal = options.signal;
    this.#busy = true;
    try {
      for (let base = 0; base < count; base += MAX_PIECES) {
        const n = Math.min(MAX_PIECES, count - base);
        const tag = this.#start(attached, base, n, arg);
        const gen = this.#gen;
        const collect = (piece: number, result: unknown): void => options.onResult(piece, result as R);
        try {
          for (;;) {
            signal?.throwIfAborted();
            const i = claim(ctrl, tag, n);
            if (i < 0) break;
            options.onResult(base + i, kernel.run(state, base + i, arg));
            finish(ctrl, tag, 1);
            this.#drain(gen, collect);
          }
          while (finished(ctrl, tag) < n) {
            this.#drain(gen, collect);
            signal?.throwIfAborted();
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          }
          this.#drain(gen, collect);
        } catch (error) {
          close(ctrl, tag);
          throw error;
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  /** Stops the workers (idempotent); the pool is unusable afterwards. */
  shutdown(): void {
    if (this.#workers.length === 0) return;
    const ctrl = this.#ctrl;
    Atomics.store(ctrl, TICKET, tagOf(this.#nextGen()) | MAX_PIECES);
    Atomics.store(ctrl, CMD, CMD_EXIT);
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
    for (const w of this.#workers) void w.terminate();
    for (const p of this.#ports) p.close();
    this.#workers = [];
    this.#ports = [];
  }

  #nextGen(): number {
    this.#gen = (this.#gen + 1) & 0x7fffffff;
    return this.#gen;
  }

  #attachedOf(kernel: ComputeKernel<never, unknown, unknown>): { readonly slot: number; readonly attachId: number } {
    const entry = this.#kernels.get(kernel.id);
    if (entry === undefined) throw InternalError({ reason: `compute kernel ${kernel.id} runs before it was attached` });
    return { slot: entry.slot, attachId: entry.attachId };
  }

  /** Announces a batch of `count` pieces from `base` of an attached kernel; returns its tag. */
  #start(attached: { readonly slot: number; readonly attachId: number }, base: number, count: number, arg: number): number {
    const ctrl = this.#ctrl;
    const tag = tagOf(this.#nextGen());
    // the ticket is re-tagged first, so a late worker of the previous batch can no longer claim anything
    Atomics.store(ctrl, TICKET, tag);
    Atomics.store(ctrl, FINISHED, tag);
    Atomics.store(ctrl, CMD, CMD_RUN);
    Atomics.store(ctrl, COUNT, count);
    Atomics.store(ctrl, ARG, arg);
    Atomics.store(ctrl, BASE, base);
    Atomics.store(ctrl, KERNEL, attached.slot);
    Atomics.store(ctrl, NEED, attached.attachId);
    Atomics.store(ctrl, GEN, this.#gen);
    Atomics.notify(ctrl, GEN);
    return tag;
  }

  /** Hands the results of batch `gen` waiting in the ports to `onResult`; throws the first piece error. */
  #drain(gen: number, onResult: (piece: number, result: unknown) => void): void {
    for (const port of this.#ports) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as PieceMessage;
        if ('error' in message) {
          Atomics.store(this.#ctrl, FAILED, 0);
          throw InternalError({ reason: `piece ${message.piece} failed on a compute thread: ${message.error}` });
        }
        if (message.gen === gen) onResult(message.piece, message.result);
      }
    }
  }
}

const pools: ComputePool[] = [];

/**
 * A process-wide pool of `threads` threads (≥ 2) that no asynchronous batch holds: the first idle one, or a new one.
 * Synchronous users (gbdt training and prediction) cannot interleave on one thread, so they share a pool freely.
 */
export function computePool(threads: number): ComputePool {
  let pool = pools.find((p) => p.threads === threads && !p.busy);
  if (pool === undefined) {
    pool = new ComputePool(threads);
    pools.push(pool);
  }
  return pool;
}

/** Ends every pooled worker thread (for hosts that want a clean shutdown; workers never keep a process alive). */
export function shutdownComputePools(): void {
  for (const pool of pools.splice(0)) pool.shutdown();
}

/**
 * Entry of a compute-pool worker (pool.ts): waits on the control block for batches and runs the pieces it claims
 * with the same kernel functions the calling thread runs, from the static kernel index.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';

import { InternalError } from '../../core/index.js';
import type { AnyComputeKernel } from './kernel.js';
import { COMPUTE_KERNELS } from './kernels.js';
import { ARG, BASE, claim, CMD, CMD_EXIT, CMD_RUN, COUNT, FAILED, finish, GEN, KERNEL, NEED, READY, SPINS, tagOf } from './protocol.js';
import type { AttachMessage, ComputeWorkerData, PieceMessage } from './protocol.js';

const { ctrl, me, port } = workerData as ComputeWorkerData;
const c = new Int32Array(ctrl);
const byId = new Map<string, AnyComputeKernel>(COMPUTE_KERNELS.map((k) => [k.id, k]));

interface Attached {
  readonly attachId: number;
  readonly kernel?: AnyComputeKernel;
  readonly state?: unknown;
  /** Why attaching failed (every piece of the kernel then fails with it). */
  readonly error?: string;
}

/** Attached kernels by slot. */
const attached: Array<Attached | undefined> = [];

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function apply(m: AttachMessage): void {
  if (m.setup === undefined) {
    attached[m.slot] = { attachId: m.attachId };
    return;
  }
  const kernel = byId.get(m.kernel);
  try {
    if (kernel === undefined) throw InternalError({ reason: `no compute kernel "${m.kernel}" in kernels.ts` });
    attached[m.slot] = { attachId: m.attachId, kernel, state: kernel.attach(m.setup) };
  } catch (error) {
    attached[m.slot] = { attachId: m.attachId, error: describe(error) };
  }
}

/** Applies every queued set-up message; with `until`, first waits until that attach of `slot` has arrived. */
function applyQueued(until?: { slot: number; attachId: number }): void {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received !== undefined) {
      apply(received.message as AttachMessage);
      continue;
    }
    // the caller posts before it announces the batch, so this is normally already true
    if (until === undefined || attached[until.slot]?.attachId === until.attachId) return;
  }
}

function post(message: PieceMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function runBatch(gen: number): void {
  const tag = tagOf(gen);
  const count = Atomics.load(c, COUNT);
  const arg = Atomics.load(c, ARG);
  const base = Atomics.load(c, BASE);
  const slot = Atomics.load(c, KERNEL);
  applyQueued({ slot, attachId: Atomics.load(c, NEED) });
  const entry = attached[slot];
  for (let i = claim(c, tag, count); i >= 0; i = claim(c, tag, count)) {
    const piece = base + i;
    try {
      if (entry?.kernel === undefined)
        throw InternalError({ reason: entry?.error ?? 'the batch names a kernel this thread was not given' });
      const result = entry.kernel.run(entry.state, piece, arg);
      if (result !== undefined) post({ gen, piece, result }, entry.kernel.transfer?.(result));
    } catch (error) {
      // posted before FAILED is raised and the piece counted, so the caller finds it once the batch is done
      post({ gen, piece, error: describe(error) });
      Atomics.store(c, FAILED, 1);
    }
    finish(c, tag, 1);
  }
}

let seen = Atomics.load(c, GEN);
Atomics.store(c, READY + me - 1, 0);
Atomics.notify(c, READY + me - 1);
for (;;) {
  let spins = 0;
  while (Atomics.load(c, GEN) === seen && spins < SPINS) spins++;
  while (Atomics.load(c, GEN) === seen) Atomics.wait(c, GEN, seen, 100);
  seen = Atomics.load(c, GEN);
  const cmd = Atomics.load(c, CMD);
  if (cmd === CMD_EXIT) break;
  if (cmd === CMD_RUN) runBatch(seen);
  else applyQueued();
}
port.close();

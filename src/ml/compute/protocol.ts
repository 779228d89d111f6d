import type { MessagePort } from 'node:worker_threads';

/**
 * The compute pool's control block: Int32 slots in a SharedArrayBuffer that the calling thread and the workers
 * read and write with `Atomics`. A batch is announced by raising GEN; its pieces are claimed with a
 * compare-and-swap on TICKET and counted in FINISHED, both tagged with the batch's generation in their high bits,
 * so a worker that wakes late (or still runs a piece of a batch the caller gave up on) can neither claim nor count
 * anything of a later batch. Kernel set-ups travel as messages on each worker's port, posted before the batch
 * that needs them is announced; a worker applies every queued message when it wakes.
 */
/** Generation: raised to announce a batch (or another command). */
export const GEN = 0;
/** What the generation announces: CMD_RUN, CMD_SYNC or CMD_EXIT. */
export const CMD = 1;
/** Pieces in the batch. */
export const COUNT = 2;
/** Batch tag | next unclaimed piece. */
export const TICKET = 3;
/** Batch tag | pieces finished. */
export const FINISHED = 4;
/** The batch's integer argument (passed to every piece). */
export const ARG = 5;
/** Index of the batch's first piece (batches of more than MAX_PIECES pieces run as several). */
export const BASE = 6;
/** The batch's kernel, by the slot the pool gave it when it was attached. */
export const KERNEL = 7;
/** The attach id the batch's kernel must have been set up with (the latest attach of that kernel). */
export const NEED = 8;
/** Set by a worker whose piece threw (the error itself is posted to the caller). */
export const FAILED = 9;
/** Per worker (1..threads-1 at READY + w - 1): -1 until it has started, then 0. */
export const READY = 10;
/** Control slots for `threads` threads. */
export const controlSlots = (threads: number): number => READY + threads;

export const CMD_RUN = 1;
/** Wake up and apply the queued set-up messages (a detach frees memory at once). */
export const CMD_SYNC = 2;
export const CMD_EXIT = 3;

/** Low bits of TICKET and FINISHED count pieces, high bits tag the batch. */
const PIECE_BITS = 16;
const PIECE_MASK = (1 << PIECE_BITS) - 1;
const GEN_MASK = (1 << (32 - PIECE_BITS)) - 1;
/** Most pieces of one batch. */
export const MAX_PIECES = PIECE_MASK;
/** Polls of a control slot before a thread sleeps on it (a batch usually follows within microseconds). */
export const SPINS = 20_000;

/** The tag of generation `gen` (TICKET and FINISHED of its batch start at it). */
export const tagOf = (gen: number): number => (gen & GEN_MASK) << PIECE_BITS;

/** Claims the next piece of the batch tagged `tag`: its index, or -1 when none is left or the batch is over. */
export function claim(c: Int32Array, tag: number, count: number): number {
  for (;;) {
    const t = Atomics.load(c, TICKET);
    if ((t & ~PIECE_MASK) !== tag) return -1;
    const i = t & PIECE_MASK;
    if (i >= count) return -1;
    if (Atomics.compareExchange(c, TICKET, t, t + 1) === t) return i;
  }
}

/** Counts `pieces` finished pieces of the batch tagged `tag` (nothing once a later batch has started). */
export function finish(c: Int32Array, tag: number, pieces: number): void {
  for (;;) {
    const f = Atomics.load(c, FINISHED);
    if ((f & ~PIECE_MASK) !== tag) return;
    if (Atomics.compareExchange(c, FINISHED, f, f + pieces) === f) break;
  }
  Atomics.notify(c, FINISHED);
}

/** Pieces of the batch tagged `tag` finished so far. */
export function finished(c: Int32Array, tag: number): number {
  const f = Atomics.load(c, FINISHED);
  return (f & ~PIECE_MASK) === tag ? f & PIECE_MASK : 0;
}

/** Ends the batch tagged `tag` for claims: the pieces nobody has claimed yet stay unrun. */
export function close(c: Int32Array, tag: number): void {
  Atomics.store(c, TICKET, tag | PIECE_MASK);
}

/** What a compute worker is started with. */
export interface ComputeWorkerData {
  readonly ctrl: SharedArrayBuffer;
  /** 1..threads-1 (the calling thread is 0). */
  readonly me: number;
  /** Carries attach messages in, results and errors out. */
  readonly port: MessagePort;
}

/** A kernel's set-up for the workers (`setup` undefined: drop the kernel's state); `slot` is the number batches name it by (KERNEL). */
export interface AttachMessage {
  readonly kernel: string;
  readonly slot: number;
  readonly setup?: unknown;
  readonly attachId: number;
}

/** A piece's result or error, posted by a worker; `gen` is the batch's generation. */
export type PieceMessage =
  | { readonly gen: number; readonly piece: number; readonly result: unknown }
  | { readonly gen: number; readonly piece: number; readonly error: string };

/**
 * A compute kernel: data-parallel work that the compute pool (pool.ts) shares between the calling thread and its
 * worker threads. A batch is `count` independent pieces; every piece runs whole on one thread through `run`, the
 * same function on every thread, so a result never depends on which thread ran a piece or how many there were.
 *
 * A kernel is a plain module-level object listed in the static index kernels.ts (the worker entry finds a kernel by
 * its `id` there; nothing registers itself at run time).
 */
export interface ComputeKernel<Setup, State, Result = void> {
  /** Unique, kebab-case; names the kernel in the worker's index. */
  readonly id: string;
  /**
   * A thread's state for one set-up (views on its shared memory, compiled WebAssembly instances, scratch arrays).
   * On a worker `setup` is the structured clone the pool posted: SharedArrayBuffers, shared WebAssembly memories
   * and typed arrays on them stay shared, other typed arrays are copies, and a WebAssembly.Module keeps its
   * compiled code. The calling thread attaches the same set-up for its own share.
   */
  attach(setup: Setup): State;
  /** Runs piece `piece` of a batch; `arg` is the batch's integer argument. A worker posts a result other than undefined back. */
  run(state: State, piece: number, arg: number): Result;
  /** The buffers of a result to transfer rather than copy when a worker posts it. */
  transfer?(result: Result): ArrayBuffer[];
}

/** Any kernel, as the worker's index and the pool's bookkeeping see it. */
export type AnyComputeKernel = ComputeKernel<unknown, unknown, unknown>;

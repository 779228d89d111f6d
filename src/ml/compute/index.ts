/**
 * The engine's compute pool: persistent worker threads that share data-parallel batches with the calling thread
 * over shared memory (docs/architecture.md, "Threads").
 */
export { ComputePool, computePool, shutdownComputePools } from './pool.js';
export type { AsyncBatchOptions } from './pool.js';
export type { AnyComputeKernel, ComputeKernel } from './kernel.js';

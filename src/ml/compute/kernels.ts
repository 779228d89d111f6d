/**
 * Every compute kernel, by id: the compute workers (worker.ts) look kernels up here. A new kernel is added to this
 * list (see docs/architecture.md, "Threads").
 */
import { forestGrowKernel } from '../forest/threads.js';
import { gbdtBlocksKernel } from '../gbdt/block-runner.js';
import { gbdtPredictKernel } from '../gbdt/wasm-predict.js';
import type { AnyComputeKernel } from './kernel.js';

export const COMPUTE_KERNELS: readonly AnyComputeKernel[] = [gbdtBlocksKernel, gbdtPredictKernel, forestGrowKernel];

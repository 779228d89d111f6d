import { TrainingDataError } from '../../core/index.js';
import { MAX_PAGES, PAGE } from './wasm-asm.js';
import { kernelModuleBytes } from './wasm-kernel.js';
import type { TrainingKernels } from './wasm-kernel.js';

/** Array alignment in bytes (a cache line; the kernel's 128-bit histogram slots need 16). */
const ALIGN = 64;

/** A typed-array constructor the trainer allocates with. */
export interface ArrayType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

/** Where one array lives in the memory, for the worker threads: [byte offset, length]. */
export type ArrayPlace = readonly [number, number];

const modules = new Map<string, WebAssembly.Module>();

/**
 * Every array of one training run, bump-allocated in one shared WebAssembly memory: the kernels (wasm-kernel.ts)
 * address the bins, gradients, row indices and histograms in it, and worker threads receive the
 * memory whole. Arrays start zeroed (fresh memory) and stay valid as the memory grows (a shared memory's old
 * buffers keep their range). The memory is freed with the last reference to it, after the run.
 */
export class TrainingMemory {
  readonly memory: WebAssembly.Memory;
  #top = 0;

  /** @param bytes expected total size (the memory grows past it when needed). */
  constructor(bytes: number) {
    this.memory = new WebAssembly.Memory({
      initial: Math.min(MAX_PAGES, Math.max(1, Math.ceil(bytes / PAGE))),
      maximum: MAX_PAGES,
      shared: true,
    });
  }

  /**
   * A zeroed array of `length` elements in the memory.
   * @throws MLP_ML_BAD_TRAINING_DATA when the run would need more than 4 GiB.
   */
  array<T>(type: ArrayType<T>, length: number): T {
    const at = this.#top;
    const end = at + length * type.BYTES_PER_ELEMENT;
    this.#top = Math.ceil(end / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) {
        throw TrainingDataError({
          problem: `training needs ${(end / 2 ** 30).toFixed(1)} GiB of working memory; the engine's limit is 4 GiB: use fewer rows or features`,
        });
      }
      this.memory.grow(pages);
    }
    return new type(this.memory.buffer, at, length);
  }

  /** A copy of `source` in the memory. */
  copy(source: Float64Array): Float64Array {
    const out = this.array(Float64Array, source.length);
    out.set(source);
    return out;
  }

  /** The kernels (wasm-kernel.ts) for a feature layout (slot `offset[f]` + bin), bound to this memory, and their module. */
  kernels(offset: ArrayLike<number>, nf: number): { kernels: TrainingKernels; module: WebAssembly.Module } {
    const key = Array.from(offset).slice(0, nf).join(',');
    let module = modules.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(kernelModuleBytes(offset, nf, MAX_PAGES));
      if (modules.size > 64) modules.clear();
      modules.set(key, module);
    }
    return { kernels: kernelInstance(module, this.memory), module };
  }
}

/** The kernels of a compiled kernel module, bound to `memory`. */
export function kernelInstance(module: WebAssembly.Module, memory: WebAssembly.Memory): TrainingKernels {
  // the module's exports are the functions kernelModuleBytes declares, one for each member of TrainingKernels
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as TrainingKernels;
}

/** Where a typed array allocated by a TrainingMemory lives. */
export function placeOf(a: ArrayBufferView & { readonly length: number }): ArrayPlace {
  return [a.byteOffset, a.length];
}

import { blockCount, blockStarts, C_STARTS, ENTRY_FIELDS, GRAD_PARAMS, RANGE_FIELDS, ROUND_PARAMS, ROUND_SOURCE, STEP_PARAMS, STEP_SOURCE, TASK_FIELDS } from './blocks.js';
import type { GbdtThreads } from './threads.js';
import { placeOf } from './training-memory.js';
import type { TrainingMemory } from './training-memory.js';
import type { TrainingKernels } from './wasm-kernel.js';

/** The per-row arrays of one training run, all in its TrainingMemory. */
export interface TrainingArrays {
  /** Row-major local bins. */
  readonly slots: Uint8Array;
  /** Column-major local bins. */
  readonly columns: Uint8Array;
  /** Interleaved float32 gradient/hessian per row. */
  readonly gh: Float32Array;
  readonly buffers: readonly [Uint32Array, Uint32Array];
  /** Raw scores, row-major n × k. */
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array | null;
}

/** Sizes of the work tables. */
export interface BlockRunnerOptions {
  readonly n: number;
  readonly k: number;
  /** Histogram slot offsets per feature (numFeatures + 1 entries). */
  readonly offsets: Int32Array;
  readonly numFeatures: number;
  /** Most tasks of one step (each needs `blocks` histogram arena slots). */
  readonly maxTasks: number;
  /** Most local bins of a feature, missing bin included. */
  readonly maxBins: number;
  /** The objective's range gradient source, or null when the trainer computes gradients itself. */
  readonly gradSource: string | null;
}

type PieceFn = (...args: unknown[]) => void;

// Compiled once per process, so V8 keeps them optimised from one training to the next (the calling thread runs the
// very same sources as the workers; they are made from constant text and integers only).
const runStep = new Function(...STEP_PARAMS, STEP_SOURCE) as PieceFn;
const runRound = new Function(...ROUND_PARAMS, ROUND_SOURCE) as PieceFn;
const gradFunctions = new Map<string, PieceFn>();

function gradFunction(source: string): PieceFn {
  let f = gradFunctions.get(source);
  if (f === undefined) {
    f = new Function(...GRAD_PARAMS, source) as PieceFn;
    gradFunctions.set(source, f);
  }
  return f;
}

/** Apply entries per round batch (a tree with more leaves is applied in several batches; rows never overlap). */
export const MAX_ENTRIES = 1024;

/**
 * Runs steps and rounds (blocks.ts) over the blocks of a training run: on the calling thread alone, or shared with
 * a worker pool. The caller fills the tables, then calls `step` or `round`.
 */
export class BlockRunner {
  readonly blocks: number;
  /** First row of each block (blocks + 1 entries). */
  readonly starts: Int32Array;
  readonly histLen: number;
  readonly maxTasks: number;
  /** Per-bin flags per task or entry (the most local bins of a feature, missing bin included). */
  readonly maxBins: number;
  /** Step tables: TASK_FIELDS per task, RANGE_FIELDS per (task, block), per-bin left flags (maxBins per task). */
  readonly tasks: Int32Array;
  readonly ranges: Int32Array;
  readonly flags: Uint8Array;
  /** Histogram arena: slot `t * blocks + b` for task t, block b (the root uses slots 0..blocks-1). */
  readonly arena: Float64Array;
  /** Round tables (see blocks.ts): control, ENTRY_FIELDS per entry, begin/end per (entry, block), two values per entry, flags. */
  readonly control: Int32Array;
  readonly entries: Int32Array;
  readonly entryRanges: Int32Array;
  readonly entryValues: Float64Array;
  readonly entryFlags: Uint8Array;
  readonly #memory: TrainingMemory;
  readonly #kernels: TrainingKernels;
  readonly #step: (b: number) => void;
  readonly #round: (b: number) => void;
  readonly #threads: GbdtThreads | null;
  #stepCount = 0;

  constructor(memory: TrainingMemory, a: TrainingArrays, o: BlockRunnerOptions, threads: GbdtThreads | null) {
    const B = blockCount(o.n);
    this.blocks = B;
    this.starts = blockStarts(o.n, B);
    this.histLen = 2 * (o.offsets[o.numFeatures] as number);
    this.maxTasks = Math.max(1, o.maxTasks);
    this.maxBins = o.maxBins;
    const i32 = (count: number): Int32Array => memory.array(Int32Array, count);
    const u8 = (count: number): Uint8Array => memory.array(Uint8Array, count);
    const f64 = (count: number): Float64Array => memory.array(Float64Array, count);
    this.tasks = i32(TASK_FIELDS * this.maxTasks);
    this.ranges = i32(RANGE_FIELDS * this.maxTasks * B);
    this.flags = u8(this.maxTasks * o.maxBins);
    this.arena = f64(Math.max(1, this.maxTasks * B * this.histLen));
    this.control = i32(C_STARTS + 2 * B + 1);
    this.control.set(this.starts, C_STARTS);
    this.entries = i32(ENTRY_FIELDS * MAX_ENTRIES);
    this.entryRanges = i32(2 * MAX_ENTRIES * B);
    this.entryValues = f64(2 * MAX_ENTRIES);
    this.entryFlags = u8(MAX_ENTRIES * o.maxBins);
    const { kernels: K, module } = memory.kernels(o.offsets, o.numFeatures);
    this.#memory = memory;
    this.#kernels = K;
    const grad = o.gradSource === null ? null : gradFunction(o.gradSource);
    const { n, k } = o;
    const { slots, columns, gh, buffers, raw, y, w } = a;
    const { tasks, ranges, flags, arena, control, entries, entryRanges, entryValues, entryFlags, histLen } = this;
    this.#step = (b) => runStep(tasks, ranges, this.#stepCount, b, B, columns, n, buffers, flags, slots, gh, K, arena, histLen);
    this.#round = (b) => runRound(control, entries, entryRanges, entryValues, entryFlags, b, B, columns, n, k, buffers, raw, y, w, gh, grad, slots, K, arena, histLen);
    // one block has nothing to share
    this.#threads = B > 1 ? threads : null;
    this.#threads?.setup({
      memory: memory.memory,
      kernelModule: module,
      places: Object.fromEntries(
        Object.entries({ slots, columns, gh, idx0: buffers[0], idx1: buffers[1], raw, y, w, tasks, ranges, flags, arena, control, entries, entryRanges, entryValues, entryFlags }).map(([key, v]) => [
          key,
          v === null ? null : placeOf(v),
        ]),
      ),
      n,
      k,
      blocks: B,
      histLen,
      gradSource: o.gradSource,
    });
  }

  /** A zeroed histogram in the training memory (the kernels below work on such). */
  newHistogram(): Float64Array {
    return this.#memory.array(Float64Array, this.histLen);
  }

  /** `target` = the block histograms in arena slots `first..first+blocks-1`, added in block order. */
  sumBlocks(first: number, target: Float64Array): void {
    this.#kernels.sumBlocks(target.byteOffset, this.arena.byteOffset + 8 * first * this.histLen, this.blocks, 8 * this.histLen, this.histLen / 2, 0);
  }

  /** `parent -= child`: the parent's histogram becomes the sibling's (the subtraction trick). */
  subtract(parent: Float64Array, child: Float64Array): void {
    this.#kernels.subtract(parent.byteOffset, child.byteOffset, this.histLen / 2, 0, 0, 0);
  }

  /** Runs tasks 0..count-1 of the task table on every block. */
  step(count: number): void {
    this.#stepCount = count;
    if (this.#threads !== null) this.#threads.step(this.blocks, count, this.#step);
    else for (let b = 0; b < this.blocks; b++) this.#step(b);
  }

  /** Runs the round described by the control table on every block. */
  round(): void {
    if (this.#threads !== null) this.#threads.round(this.blocks, this.#round);
    else for (let b = 0; b < this.blocks; b++) this.#round(b);
  }
}

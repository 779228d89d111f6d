import type { ComputeKernel } from '../compute/kernel.js';
import type { ComputePool } from '../compute/pool.js';
import { blockCount, blockStarts, C_STARTS, ENTRY_FIELDS, RANGE_FIELDS, ROUND, roundBlock, stepBlock, TASK_FIELDS } from './blocks.js';
import type { BlockViews } from './blocks.js';
import { createObjective } from './objectives.js';
import type { Objective, ObjectiveSettings } from './objectives.js';
import type { GbdtObjectiveId } from './params.js';
import { kernelInstance, placeOf } from './training-memory.js';
import type { ArrayPlace, TrainingMemory } from './training-memory.js';
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
  /** The objective; rounds compute gradients with its `rangeGradients` when it has them. */
  readonly objective: Objective;
}

/** Where each array of a training run lives in its memory. */
interface BlockPlaces {
  readonly slots: ArrayPlace;
  readonly columns: ArrayPlace;
  readonly gh: ArrayPlace;
  readonly idx0: ArrayPlace;
  readonly idx1: ArrayPlace;
  readonly raw: ArrayPlace;
  readonly y: ArrayPlace;
  readonly w: ArrayPlace | null;
  readonly tasks: ArrayPlace;
  readonly ranges: ArrayPlace;
  readonly flags: ArrayPlace;
  readonly arena: ArrayPlace;
  readonly control: ArrayPlace;
  readonly entries: ArrayPlace;
  readonly entryRanges: ArrayPlace;
  readonly entryValues: ArrayPlace;
  readonly entryFlags: ArrayPlace;
}

/** One training run as every thread attaches it: its shared memory, where each array lives, the kernels and the gradients. */
export interface BlockSetup {
  readonly memory: WebAssembly.Memory;
  /**
   * The compiled kernel module (wasm-kernel.ts) for the run's feature layout. Posting the module (not its bytes)
   * shares V8's compiled code: a module compiled afresh in a worker would run its baseline code until it tiers up.
   */
  readonly kernelModule: WebAssembly.Module;
  readonly places: BlockPlaces;
  readonly n: number;
  readonly k: number;
  readonly blocks: number;
  readonly histLen: number;
  /** The objective whose range gradients rounds compute, or null. */
  readonly objective: { readonly id: GbdtObjectiveId; readonly settings: ObjectiveSettings } | null;
}

function blockViews(s: BlockSetup): BlockViews {
  const buffer = s.memory.buffer;
  const p = s.places;
  const u8 = (at: ArrayPlace): Uint8Array => new Uint8Array(buffer, at[0], at[1]);
  const i32 = (at: ArrayPlace): Int32Array => new Int32Array(buffer, at[0], at[1]);
  const u32 = (at: ArrayPlace): Uint32Array => new Uint32Array(buffer, at[0], at[1]);
  const f64 = (at: ArrayPlace): Float64Array => new Float64Array(buffer, at[0], at[1]);
  return {
    n: s.n,
    k: s.k,
    B: s.blocks,
    histLen: s.histLen,
    T: i32(p.tasks),
    R: i32(p.ranges),
    flags: u8(p.flags),
    C: i32(p.control),
    E: i32(p.entries),
    ER: i32(p.entryRanges),
    V: f64(p.entryValues),
    EF: u8(p.entryFlags),
    arena: f64(p.arena),
    cols: u8(p.columns),
    slots: u8(p.slots),
    gh: new Float32Array(buffer, p.gh[0], p.gh[1]),
    bufs: [u32(p.idx0), u32(p.idx1)],
    raw: f64(p.raw),
    y: f64(p.y),
    w: p.w === null ? null : f64(p.w),
    grad: s.objective === null ? null : (createObjective(s.objective.id, s.objective.settings).rangeGradients ?? null),
    K: kernelInstance(s.kernelModule, s.memory),
  };
}

/**
 * The compute kernel of training (../compute/kernel.ts): piece b of a batch is block b of a step (the argument is
 * the step's task count) or of a round (the argument is ROUND).
 */
export const gbdtBlocksKernel: ComputeKernel<BlockSetup, BlockViews> = {
  id: 'gbdt-blocks',
  attach: blockViews,
  run: (views, b, arg) => (arg === ROUND ? roundBlock(views, b) : stepBlock(views, b, arg)),
};

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
  readonly #views: BlockViews;
  readonly #pool: ComputePool | null;

  /** `pool`: the compute pool to share blocks with, or null for the calling thread alone. */
  constructor(memory: TrainingMemory, a: TrainingArrays, o: BlockRunnerOptions, pool: ComputePool | null) {
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
    const { kernels, module } = memory.kernels(o.offsets, o.numFeatures);
    this.#memory = memory;
    this.#kernels = kernels;
    const { slots, columns, gh, buffers, raw, y, w } = a;
    const { tasks, ranges, flags, arena, control, entries, entryRanges, entryValues, entryFlags } = this;
    const setup: BlockSetup = {
      memory: memory.memory,
      kernelModule: module,
      places: {
        slots: placeOf(slots),
        columns: placeOf(columns),
        gh: placeOf(gh),
        idx0: placeOf(buffers[0]),
        idx1: placeOf(buffers[1]),
        raw: placeOf(raw),
        y: placeOf(y),
        w: w === null ? null : placeOf(w),
        tasks: placeOf(tasks),
        ranges: placeOf(ranges),
        flags: placeOf(flags),
        arena: placeOf(arena),
        control: placeOf(control),
        entries: placeOf(entries),
        entryRanges: placeOf(entryRanges),
        entryValues: placeOf(entryValues),
        entryFlags: placeOf(entryFlags),
      },
      n: o.n,
      k: o.k,
      blocks: B,
      histLen: this.histLen,
      objective: o.objective.rangeGradients === undefined ? null : { id: o.objective.id, settings: o.objective.settings },
    };
    // the calling thread attaches the same set-up as the workers and runs the same kernel on its share
    this.#views = gbdtBlocksKernel.attach(setup);
    // one block has nothing to share
    this.#pool = B > 1 ? pool : null;
    this.#pool?.attach(gbdtBlocksKernel, setup);
  }

  /** A zeroed histogram in the training memory (the kernels below work on such). */
  newHistogram(): Float64Array {
    return this.#memory.array(Float64Array, this.histLen);
  }

  /** `target` = the block histograms in arena slots `first..first+blocks-1`, added in block order. */
  sumBlocks(first: number, target: Float64Array): void {
    this.#kernels.sumBlocks(
      target.byteOffset,
      this.arena.byteOffset + 8 * first * this.histLen,
      this.blocks,
      8 * this.histLen,
      this.histLen / 2,
      0,
    );
  }

  /** `parent -= child`: the parent's histogram becomes the sibling's (the subtraction trick). */
  subtract(parent: Float64Array, child: Float64Array): void {
    this.#kernels.subtract(parent.byteOffset, child.byteOffset, this.histLen / 2, 0, 0, 0);
  }

  /** Runs tasks 0..count-1 of the task table on every block. */
  step(count: number): void {
    if (this.#pool !== null) this.#pool.run(gbdtBlocksKernel, this.#views, this.blocks, count);
    else for (let b = 0; b < this.blocks; b++) stepBlock(this.#views, b, count);
  }

  /** Runs the round described by the control table on every block. */
  round(): void {
    if (this.#pool !== null) this.#pool.run(gbdtBlocksKernel, this.#views, this.blocks, ROUND);
    else for (let b = 0; b < this.blocks; b++) roundBlock(this.#views, b);
  }
}

/**
 * Work of one depth-wise level on several threads, in two phases. Phase 1: one task per node to split — partition
 * its rows into the other index buffer. Phase 2: the smaller child's histogram, cut into the fixed shards of
 * `shardCount`, one work item per shard. Threads take tasks and items in any order; every piece runs whole on one
 * thread with the serial arithmetic and shards are summed in order, so the model does not depend on the thread
 * count. The sources below run both on the calling thread and in the workers.
 */

/** Int32 fields per task. */
export const TASK_FIELDS = 13;
/** Field offsets: inputs … */
export const T_BUF = 0;
export const T_BEGIN = 1;
export const T_END = 2;
export const T_FEATURE = 3;
/** Numeric split: rows with local bin ≤ this go left. */
export const T_LAST = 4;
/** Local missing bin of the feature. */
export const T_MISSING = 5;
export const T_MISS_LEFT = 6;
/** Offset of the split's per-bin left flags (0/1 for local bins 0..missing) in the shared flag arena. */
export const T_CAT = 7;
/** Histogram arena slot for the smaller child. */
export const T_SLOT = 8;
/** Whether the left / right child could split, judged from depth and hessian (1/0); row counts are checked here. */
export const T_NEED_LEFT = 9;
export const T_NEED_RIGHT = 10;
/** … outputs: first row of the right child, and 0 = left child's histogram built, 1 = right's, -1 = none. */
export const T_MID = 11;
export const T_SMALL = 12;

/**
 * Source of `runTask(T, t, cols, n, bufs, flags)`: the partition by the per-bin left flags, branch-free, left rows
 * forward from `begin`, right rows backward from `end - 1` (as TreeBuilder), and which child gets a built
 * histogram (the smaller one).
 */
export const TASK_SOURCE = `
const b = t * ${TASK_FIELDS};
const buf = T[b + ${T_BUF}], begin = T[b + ${T_BEGIN}], end = T[b + ${T_END}], f = T[b + ${T_FEATURE}];
const cat = T[b + ${T_CAT}];
const src = bufs[buf], dst = bufs[1 - buf];
const co = f * n;
let w = begin, k = end - 1;
let i = begin;
for (; i + 1 < end; i += 2) {
  const r0 = src[i], r1 = src[i + 1];
  const l0 = flags[cat + cols[co + r0]], l1 = flags[cat + cols[co + r1]];
  dst[w] = r0;
  dst[k] = r0;
  w += l0;
  k -= 1 - l0;
  dst[w] = r1;
  dst[k] = r1;
  w += l1;
  k -= 1 - l1;
}
if (i < end) {
  const r = src[i];
  const l = flags[cat + cols[co + r]];
  dst[w] = r;
  dst[k] = r;
  w += l;
}
T[b + ${T_MID}] = w;
const nl = w - begin, nr = end - w;
const needL = T[b + ${T_NEED_LEFT}] === 1 && nl >= 2, needR = T[b + ${T_NEED_RIGHT}] === 1 && nr >= 2;
T[b + ${T_SMALL}] = !needL && !needR ? -1 : nl <= nr ? 0 : 1;
`;

/** Parameter names of the task function, in order. */
export const TASK_PARAMS = ['T', 't', 'cols', 'n', 'bufs', 'flags'] as const;

/**
 * Int32 fields per histogram work item: row range, index buffer (2 = the rows themselves, no index), target (≥ 0
 * arena slot, < 0 shard buffer -1-i).
 */
export const ITEM_FIELDS = 4;

/**
 * Source of `runItem(I, it, slots, gh, kernel, bufs, arena, shardArena, histLen)`: one shard of one child's
 * histogram. Shard 0 goes straight into the child's arena slot, later shards into shard buffers that the calling
 * thread adds in shard order (the arithmetic of buildHistogramSerial).
 */
export const ITEM_SOURCE = `
const b = it * ${ITEM_FIELDS};
const target = I[b + 3];
const hist = target >= 0 ? arena.subarray(target * histLen, (target + 1) * histLen) : shardArena.subarray((-1 - target) * histLen, -target * histLen);
hist.fill(0);
const bi = I[b + 2];
if (bi === 2) seqKernel(slots, gh, bufs[0], I[b], I[b + 1], hist);
else kernel(slots, gh, bufs[bi], I[b], I[b + 1], hist);
`;

export const ITEM_PARAMS = ['I', 'it', 'slots', 'gh', 'kernel', 'seqKernel', 'bufs', 'arena', 'shardArena', 'histLen'] as const;

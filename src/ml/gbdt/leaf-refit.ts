import { IDENTITY } from './blocks.js';
import { weightedMedian } from './objectives.js';
import type { BuiltTree } from './tree-finish.js';

/** Absolute error: each leaf's value becomes eta × the weighted median of its rows' residuals (y − raw). */
export function refitMedian(
  built: BuiltTree,
  buffers: readonly Uint32Array[],
  y: Float64Array,
  raw: Float64Array,
  w: Float64Array | null,
  residual: Float64Array,
  resWeight: Float64Array | null,
  eta: number,
): void {
  const value = built.tree.value as Float64Array;
  const B = built.blocks;
  for (let l = 0; l < built.leafIds.length; l++) {
    const buf = built.leafBuf[l] as number;
    const idx = buf === IDENTITY ? null : (buffers[buf] as Uint32Array);
    let m = 0;
    for (let b = 0; b < B; b++) {
      const e = built.leafEnd[l * B + b] as number;
      for (let i = built.leafBegin[l * B + b] as number; i < e; i++, m++) {
        const r = idx === null ? i : (idx[i] as number);
        residual[m] = (y[r] as number) - (raw[r] as number);
        if (resWeight !== null && w !== null) resWeight[m] = w[r] as number;
      }
    }
    value[built.leafIds[l] as number] = eta * weightedMedian(residual, resWeight, m);
  }
}

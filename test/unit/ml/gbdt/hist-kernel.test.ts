import { describe, expect, it } from 'vitest';
import { makeHistKernel } from '../../../../src/ml/gbdt/histogram.js';
import { Rng } from '../../../../src/ml/gbdt/index.js';

/** One row at a time, features in order: the reference summation order of every histogram slot. */
function reference(bins: Uint8Array, gh: Float32Array, idx: Uint32Array, begin: number, end: number, offset: Int32Array, nf: number, hist: Float64Array): void {
  for (let i = begin; i < end; i++) {
    const r = idx[i] as number;
    for (let f = 0; f < nf; f++) {
      const s = 2 * ((bins[r * nf + f] as number) + (offset[f] as number));
      hist[s] = (hist[s] as number) + (gh[2 * r] as number);
      hist[s + 1] = (hist[s + 1] as number) + (gh[2 * r + 1] as number);
    }
  }
}

describe('generated histogram kernels', () => {
  for (const nf of [1, 3, 5, 17, 40, 70]) {
    it(`${nf} features: indexed and sequential kernels give the reference sums bit for bit (odd row ranges too)`, () => {
      const rng = new Rng(nf);
      const n = 1003;
      const nBins = new Int32Array(nf).map(() => 2 + rng.nextInt(30));
      const offset = new Int32Array(nf + 1);
      for (let f = 0; f < nf; f++) offset[f + 1] = (offset[f] as number) + (nBins[f] as number);
      const bins = new Uint8Array(n * nf);
      for (let r = 0; r < n; r++) for (let f = 0; f < nf; f++) bins[r * nf + f] = rng.nextInt(nBins[f] as number);
      const gh = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i++) gh[i] = (rng.nextFloat() - 0.3) * 10 ** rng.nextInt(6);
      const idx = new Uint32Array(n);
      for (let i = 0; i < n; i++) idx[i] = (i * 379) % n;
      const len = 2 * (offset[nf] as number);
      for (const [begin, end] of [
        [0, n],
        [5, 12],
        [7, 8],
        [3, 3],
      ] as const) {
        const want = new Float64Array(len);
        reference(bins, gh, idx, begin, end, offset, nf, want);
        const got = new Float64Array(len);
        makeHistKernel(offset, nf)(bins, gh, idx, begin, end, got);
        expect(Array.from(got)).toEqual(Array.from(want));
        const identity = Uint32Array.from({ length: n }, (_, i) => i);
        const wantSeq = new Float64Array(len);
        reference(bins, gh, identity, begin, end, offset, nf, wantSeq);
        const gotSeq = new Float64Array(len);
        makeHistKernel(offset, nf, true)(bins, gh, idx, begin, end, gotSeq);
        expect(Array.from(gotSeq)).toEqual(Array.from(wantSeq));
      }
    });
  }
});

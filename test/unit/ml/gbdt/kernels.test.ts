import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/ml/gbdt/index.js';
import { TrainingMemory } from '../../../../src/ml/gbdt/training-memory.js';

/** One row at a time, features in order: the reference summation order of every histogram slot. */
function referenceHistogram(
  bins: Uint8Array,
  gh: Float32Array,
  rows: ArrayLike<number>,
  offset: Int32Array,
  nf: number,
  hist: Float64Array,
): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    for (let f = 0; f < nf; f++) {
      const s = 2 * ((bins[r * nf + f] as number) + (offset[f] as number));
      hist[s] = (hist[s] as number) + (gh[2 * r] as number);
      hist[s + 1] = (hist[s + 1] as number) + (gh[2 * r + 1] as number);
    }
  }
}

/** Stable two-way split written plainly: left rows in order from begin, right rows in reverse order from end - 1. */
function referencePartition(rows: number[], column: Uint8Array, flags: Uint8Array): number[] {
  const left = rows.filter((r) => flags[column[r] as number] === 1);
  const right = rows.filter((r) => flags[column[r] as number] !== 1).reverse();
  return [...left, ...right];
}

describe('WebAssembly training kernels', () => {
  for (const nf of [1, 3, 5, 17, 70]) {
    it(`${nf} features: indexed and sequential histograms give the reference sums bit for bit (odd row ranges too)`, () => {
      const rng = new Rng(nf);
      const n = 1003;
      const nBins = new Int32Array(nf).map(() => 2 + rng.nextInt(30));
      const offset = new Int32Array(nf + 1);
      for (let f = 0; f < nf; f++) offset[f + 1] = (offset[f] as number) + (nBins[f] as number);
      const memory = new TrainingMemory(1 << 16);
      const bins = memory.array(Uint8Array, n * nf);
      for (let r = 0; r < n; r++) for (let f = 0; f < nf; f++) bins[r * nf + f] = rng.nextInt(nBins[f] as number);
      const gh = memory.array(Float32Array, 2 * n);
      for (let i = 0; i < 2 * n; i++) gh[i] = (rng.nextFloat() - 0.3) * 10 ** rng.nextInt(6);
      const idx = memory.array(Uint32Array, n);
      for (let i = 0; i < n; i++) idx[i] = (i * 379) % n;
      const len = 2 * (offset[nf] as number);
      const hist = memory.array(Float64Array, len);
      const { kernels } = memory.kernels(offset, nf);
      for (const [begin, end] of [
        [0, n],
        [5, 12],
        [7, 8],
        [3, 3],
      ] as const) {
        const want = new Float64Array(len);
        referenceHistogram(bins, gh, idx.subarray(begin, end), offset, nf, want);
        hist.fill(0);
        kernels.hist(bins.byteOffset, gh.byteOffset, idx.byteOffset, begin, end, hist.byteOffset);
        expect(Array.from(hist)).toEqual(Array.from(want));
        const wantSeq = new Float64Array(len);
        referenceHistogram(
          bins,
          gh,
          Array.from({ length: end - begin }, (_, i) => begin + i),
          offset,
          nf,
          wantSeq,
        );
        hist.fill(0);
        kernels.histSeq(bins.byteOffset, gh.byteOffset, 0, begin, end, hist.byteOffset);
        expect(Array.from(hist)).toEqual(Array.from(wantSeq));
      }
    });
  }

  it('partitions a range by per-bin flags: left rows in order, right rows reversed, indexed and sequential', () => {
    const rng = new Rng(5);
    const n = 2001;
    const memory = new TrainingMemory(1 << 16);
    const column = memory.array(Uint8Array, n);
    for (let r = 0; r < n; r++) column[r] = rng.nextInt(40);
    const flags = memory.array(Uint8Array, 41);
    for (let b = 0; b <= 40; b++) flags[b] = rng.nextInt(2);
    const src = memory.array(Uint32Array, n);
    for (let i = 0; i < n; i++) src[i] = (i * 7 + 3) % n;
    const dst = memory.array(Uint32Array, n);
    const { kernels } = memory.kernels(Int32Array.of(0, 40), 1);
    for (const [begin, end] of [
      [0, n],
      [10, 11],
      [100, 1337],
      [50, 50],
    ] as const) {
      for (const sequential of [false, true]) {
        const rows = sequential ? Array.from({ length: end - begin }, (_, i) => begin + i) : Array.from(src.subarray(begin, end));
        const want = referencePartition(rows, column, flags);
        dst.fill(0);
        const call = sequential ? kernels.partitionSeq : kernels.partition;
        const mid = call(column.byteOffset, src.byteOffset, dst.byteOffset, flags.byteOffset, begin, end);
        expect(mid - begin).toBe(rows.filter((r) => flags[column[r] as number] === 1).length);
        expect(Array.from(dst.subarray(begin, end))).toEqual(want);
      }
    }
  });

  it('applies leaf values and deferred splits to one output column of the raw scores, indexed and sequential', () => {
    const rng = new Rng(9);
    const n = 501;
    const k = 3;
    const memory = new TrainingMemory(1 << 16);
    const raw = memory.array(Float64Array, n * k);
    for (let i = 0; i < n * k; i++) raw[i] = rng.nextFloat() * 100 - 50;
    const column = memory.array(Uint8Array, n);
    for (let r = 0; r < n; r++) column[r] = rng.nextInt(9);
    const flags = memory.array(Uint8Array, 10);
    for (let b = 0; b < 10; b++) flags[b] = rng.nextInt(2);
    const idx = memory.array(Uint32Array, n);
    for (let i = 0; i < n; i++) idx[i] = (i * 11) % n;
    const { kernels } = memory.kernels(Int32Array.of(0, 9), 1);
    const c = 2;
    const at = raw.byteOffset + 8 * c;
    for (const sequential of [false, true]) {
      const row = (i: number): number => (sequential ? i : (idx[i] as number));
      const want = Float64Array.from(raw);
      for (let i = 20; i < 300; i++) want[row(i) * k + c] = (want[row(i) * k + c] as number) + 0.125;
      for (let i = 300; i < 480; i++)
        want[row(i) * k + c] = (want[row(i) * k + c] as number) + (flags[column[row(i)] as number] === 1 ? -1.5 : 2.75);
      if (sequential) {
        kernels.applyLeafSeq(at, 8 * k, 0, 20, 300, 0.125);
        kernels.applyDeferredSeq(at, 8 * k, 0, column.byteOffset, flags.byteOffset, 300, 480, -1.5, 2.75);
      } else {
        kernels.applyLeaf(at, 8 * k, idx.byteOffset, 20, 300, 0.125);
        kernels.applyDeferred(at, 8 * k, idx.byteOffset, column.byteOffset, flags.byteOffset, 300, 480, -1.5, 2.75);
      }
      expect(Array.from(raw)).toEqual(Array.from(want));
    }
  });

  it('adds block histograms in block order and subtracts a child from its parent, as the scalar loops do', () => {
    const rng = new Rng(4);
    const len = 2 * 37;
    const blocks = 3;
    const memory = new TrainingMemory(1 << 16);
    const arena = memory.array(Float64Array, (blocks + 2) * len);
    for (let i = 0; i < arena.length; i++) arena[i] = (rng.nextFloat() - 0.5) * 10 ** rng.nextInt(12);
    const target = memory.array(Float64Array, len);
    const { kernels } = memory.kernels(Int32Array.of(0, 37), 1);
    kernels.sumBlocks(target.byteOffset, arena.byteOffset + 8 * len, blocks, 8 * len, len / 2, 0);
    const want = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      let v = arena[len + i] as number;
      for (let b = 1; b < blocks; b++) v += arena[(1 + b) * len + i] as number;
      want[i] = v;
    }
    expect(Array.from(target)).toEqual(Array.from(want));
    const child = arena.subarray(0, len);
    kernels.subtract(target.byteOffset, child.byteOffset, len / 2, 0, 0, 0);
    expect(Array.from(target)).toEqual(Array.from(want, (v, i) => v - (child[i] as number)));
  });

  it('memory arrays start zeroed, are 64-byte aligned and stay valid as the memory grows', () => {
    const memory = new TrainingMemory(1);
    const a = memory.array(Float64Array, 3);
    a[2] = 7;
    const big = memory.array(Uint8Array, 300_000);
    expect(big.every((v) => v === 0)).toBe(true);
    expect(big.byteOffset % 64).toBe(0);
    expect(a[2]).toBe(7);
    expect(memory.memory.buffer.byteLength).toBeGreaterThanOrEqual(big.byteOffset + big.length);
  });
});

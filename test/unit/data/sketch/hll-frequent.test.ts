import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/random.js';
import { FrequentItems, hashFloat, hashString, HLL_PRECISION, HyperLogLog } from '../../../../src/data/index.js';

/** The relative standard error the HyperLogLog class comment states: 1.04 / √m. */
const RSE = 1.04 / Math.sqrt(2 ** HLL_PRECISION);

function floatsSketch(values: Float64Array): HyperLogLog {
  const hll = new HyperLogLog();
  hll.addFloats(new Uint32Array(values.buffer), 0, values.length);
  return hll;
}

describe('HyperLogLog', () => {
  it.each([1_000, 10_000, 100_000, 1_000_000])('estimates %i distinct doubles within 3 standard errors', (distinct) => {
    for (const [offset, scale] of [
      [0, 1],
      [1e6, 0.001],
    ] as const) {
      // Every value twice, in a shuffled-looking order; integer-valued and fractional doubles.
      const values = new Float64Array(2 * distinct);
      for (let i = 0; i < 2 * distinct; i++) values[i] = offset + ((i * 7919) % distinct) * scale;
      const estimate = floatsSketch(values).estimate();
      expect(Math.abs(estimate - distinct) / distinct).toBeLessThanOrEqual(3 * RSE);
    }
  });

  it('estimates distinct strings within 3 standard errors and counts −0 and 0 as one value', () => {
    const hll = new HyperLogLog();
    for (let i = 0; i < 50_000; i++) hll.addHash(hashString(`user-${i % 25_000}`));
    expect(Math.abs(hll.estimate() - 25_000) / 25_000).toBeLessThanOrEqual(3 * RSE);
    expect(hashFloat(-0)).toBe(hashFloat(0));
    const zeros = floatsSketch(Float64Array.from([0, -0, 0]));
    expect(Math.round(zeros.estimate())).toBe(1);
    expect(new HyperLogLog().estimate()).toBe(0);
  });

  it('merges to exactly the sketch of the union (associative, commutative, idempotent)', () => {
    const random = seededRandom(4);
    const parts = [0, 1, 2].map(() => Float64Array.from({ length: 20_000 }, () => Math.floor(random() * 30_000)));
    const [a, b, c] = parts.map(floatsSketch) as [HyperLogLog, HyperLogLog, HyperLogLog];
    const left = a.clone();
    left.merge(b);
    left.merge(c);
    const right = c.clone();
    const bc = b.clone();
    bc.merge(a);
    right.merge(bc);
    right.merge(a);
    const all = new Float64Array(60_000);
    parts.forEach((part, i) => all.set(part, i * 20_000));
    expect(left.registers).toEqual(floatsSketch(all).registers);
    expect(right.registers).toEqual(left.registers);
  });

  it('round-trips its state and refuses a tampered one', () => {
    const hll = floatsSketch(Float64Array.from({ length: 1000 }, (_, i) => i));
    const state = JSON.parse(JSON.stringify(hll.toState())) as ReturnType<HyperLogLog['toState']>;
    expect(HyperLogLog.fromState(state).estimate()).toBe(hll.estimate());
    expect(() => HyperLogLog.fromState({ ...state, registers: 'AAAA' })).toThrow(/hll\.registers/);
    expect(() => HyperLogLog.fromState({ ...state, registers: Buffer.alloc(4096, 40).toString('base64') })).toThrow(/exceeds/);
    expect(() => hll.merge(new HyperLogLog(10))).toThrow(/precision/);
  });
});

describe('FrequentItems (Misra–Gries)', () => {
  /** A Zipf-like stream: value i with weight ∝ 1 / (i + 1), 2000 values, seeded order. */
  function stream(seed: number, length: number): string[] {
    const random = seededRandom(seed);
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(`v${Math.floor(Math.exp(random() * Math.log(2000))) - 1}`);
    return out;
  }
  const exactCounts = (values: string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  };

  function checkBound(summary: FrequentItems, truth: Map<string, number>): void {
    const bound = summary.errorBound();
    expect(bound).toBeGreaterThan(0);
    for (const [value, count] of truth) {
      const estimate = summary.estimate(value);
      expect(estimate).toBeLessThanOrEqual(count);
      expect(count).toBeLessThanOrEqual(estimate + bound + 1e-9);
      if (count > bound) expect(estimate).toBeGreaterThan(0);
    }
  }

  it('keeps every count within its error bound and lists every value above it', () => {
    const values = stream(1, 100_000);
    const summary = new FrequentItems(32);
    for (const v of values) summary.add(v);
    checkBound(summary, exactCounts(values));
  });

  it('is exact while it has no more values than counters', () => {
    const summary = new FrequentItems(4);
    for (const [v, w] of [
      ['a', 3],
      ['b', 1],
      ['c', 5],
    ] as const)
      summary.add(v, w);
    expect(summary.errorBound()).toBe(0);
    expect(summary.top(2)).toEqual([
      { value: 'c', count: 5 },
      { value: 'a', count: 3 },
    ]);
  });

  it('merges within the bound of the combined stream, in any order', () => {
    const parts = [stream(2, 30_000), stream(3, 50_000), stream(4, 20_000)];
    const summaries = (): FrequentItems[] =>
      parts.map((part) => {
        const s = new FrequentItems(32);
        for (const v of part) s.add(v);
        return s;
      });
    const truth = exactCounts(parts.flat());
    const [a, b, c] = summaries() as [FrequentItems, FrequentItems, FrequentItems];
    a.merge(b);
    a.merge(c);
    const [d, e, f] = summaries() as [FrequentItems, FrequentItems, FrequentItems];
    e.merge(f);
    e.merge(d);
    for (const merged of [a, e]) {
      expect(merged.total).toBe(100_000);
      checkBound(merged, truth);
    }
    expect(() => FrequentItems.fromState({ capacity: 2, total: 1, items: [{ value: 'x', count: 5 }] })).toThrow(/frequent\.total/);
  });
});

import { describe, expect, it } from 'vitest';

import { float32LessThreshold, lessEqualThreshold, nextUp, prevFloat32 } from '../../../../src/ml/interop/float-steps.js';

/** The float64 just below x (independent of nextUp: via the bit pattern through a DataView). */
function nextDown(x: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  if (x === 0) return -Number.MIN_VALUE;
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  dv.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return dv.getFloat64(0);
}

/** Seeded float32 values of every magnitude: normal, subnormal, zero, both signs, the extremes. */
function float32Samples(): number[] {
  const out = [
    0, -0, 1, -1, 0.5, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38,
  ];
  const u = new Uint32Array(1);
  const f = new Float32Array(u.buffer);
  let s = 987654321;
  for (let i = 0; i < 3000; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    u[0] = s;
    if (Number.isFinite(f[0] as number)) out.push(f[0] as number);
  }
  return out;
}

describe('float32LessThreshold', () => {
  it('sends exactly the float64 inputs whose float32 rounding is below t to the left', () => {
    for (const t of float32Samples()) {
      const u = float32LessThreshold(t);
      const probes = [u, nextDown(u), nextUp(u), nextDown(nextDown(u)), nextUp(nextUp(u)), t, nextDown(t), nextUp(t), prevFloat32(t)];
      for (const x of probes) expect([t, x, x < u]).toEqual([t, x, Math.fround(x) < t]);
    }
  });

  it('handles the infinities: nothing is below −∞, every finite float32 is below +∞', () => {
    expect(float32LessThreshold(-Infinity)).toBe(-Infinity);
    const u = float32LessThreshold(Infinity);
    expect(Math.fround(nextDown(u))).toBe(3.4028234663852886e38);
    expect(Math.fround(u)).toBe(Infinity);
  });
});

describe('lessEqualThreshold and nextUp', () => {
  it('x <= t exactly when x < lessEqualThreshold(t)', () => {
    for (const t of [0, -0, 1, -1, 0.1, -2.5, 1e-300, 5e-324, -5e-324, 1.7976931348623157e308]) {
      const u = lessEqualThreshold(t);
      for (const x of [t, nextDown(t), nextUp(t), u, nextDown(u)]) expect([t, x, x < u]).toEqual([t, x, x <= t]);
    }
  });

  it('steps one float64 ulp up', () => {
    expect(nextUp(1)).toBe(1 + 2 ** -52);
    expect(nextUp(0)).toBe(5e-324);
    expect(nextUp(-1)).toBe(-1 + 2 ** -53);
    expect(nextUp(Infinity)).toBe(Infinity);
    expect(Number.isNaN(nextUp(NaN))).toBe(true);
  });
});

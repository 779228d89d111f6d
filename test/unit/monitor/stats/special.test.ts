import { describe, expect, it } from 'vitest';

import { besselK, cdfCvmInf, chi2Sf, erfc, kolmogorov, kstwoSf, lgamma, normalSf, smirnov } from '../../../../src/monitor/index.js';
import { expectClose, fixture } from './fixture.js';

const sp = fixture.special as Record<string, number[][]>;
/** The fixture's cases of one function; a missing or empty list fails rather than letting a test pass on nothing. */
function rows(name: string): number[][] {
  const cases = sp[name] ?? [];
  expect(cases.length, `fixture cases of ${name}`).toBeGreaterThan(0);
  return cases;
}

describe('special functions equal scipy.special / scipy.stats', () => {
  it('norm.sf within 1e-12 relative, far into the upper tail', () => {
    for (const [x, v] of rows('normSf')) expectClose(normalSf(x as number), v as number, 1e-12);
  });
  it('erfc within 1e-12 relative', () => {
    for (const [x, v] of rows('erfc')) expectClose(erfc(x as number), v as number, 1e-12);
  });
  it('gammaln within 1e-12 relative (1e-15 absolute near its zeros)', () => {
    for (const [x, v] of rows('gammaln')) expectClose(lgamma(x as number), v as number, 1e-12, 1e-15);
  });
  it('chi2.sf within 1e-10 relative', () => {
    for (const [x, k, v] of rows('chi2Sf')) expectClose(chi2Sf(x as number, k as number), v as number, 1e-10);
  });
  it('kolmogorov within 1e-12 relative', () => {
    for (const [y, v] of rows('kolmogorov')) expectClose(kolmogorov(y as number), v as number, 1e-12);
  });
  it('smirnov within 1e-12 relative', () => {
    for (const [n, d, v] of rows('smirnov')) expectClose(smirnov(n as number, d as number), v as number, 1e-12);
  });
  it('kstwo.sf within 1e-10 relative across its algorithms', () => {
    for (const [n, d, v] of rows('kstwoSf')) expectClose(kstwoSf(d as number, n as number), v as number, 1e-10);
  });
  it('kv within 1e-12 relative', () => {
    for (const [nu, z, v] of rows('kv')) expectClose(besselK(nu as number, z as number), v as number, 1e-12);
  });
  it("the Cramér–von Mises limiting CDF (SciPy's _cdf_cvm_inf) within 1e-10 relative", () => {
    for (const [x, v] of rows('cdfCvmInf')) expectClose(cdfCvmInf(x as number), v as number, 1e-10);
  });
});

import { describe, it, expect } from 'vitest';

import { andersonKSamp, chi2Homogeneity, cramerVonMises2Samp, ks2Samp, zTestProportions } from '../../../../src/monitor/index.js';
import { expectClose, fixture, sample } from './fixture.js';

describe('ks2Samp equals scipy.stats.ks_2samp (SciPy 1.10)', () => {
  for (const c of fixture.ks) {
    it(`${c.a} (${fixture.samples[c.a]?.length}) vs ${c.b} (${fixture.samples[c.b]?.length}), method=${c.mode}`, () => {
      const r = ks2Samp(sample(c.a), sample(c.b), c.mode);
      expect(r.mode).toBe(c.usedMode);
      expectClose(r.statistic, c.statistic);
      expectClose(r.pValue, c.pValue);
    });
  }
  it('is symmetric in its samples', () => {
    const x = ks2Samp(sample('n50'), sample('n70'));
    const y = ks2Samp(sample('n70'), sample('n50'));
    expect(y.statistic).toBe(x.statistic);
    expect(y.pValue).toBe(x.pValue);
  });
});

describe('chi2Homogeneity equals scipy.stats.chi2_contingency on the 2 × k table', () => {
  for (const c of fixture.chi2) {
    it(`${JSON.stringify(c.reference).slice(0, 40)} vs ${JSON.stringify(c.current).slice(0, 40)}`, () => {
      const r = chi2Homogeneity(c.reference, c.current);
      expect(r.dof).toBe(c.dof);
      expectClose(r.statistic, c.statistic);
      expectClose(r.pValue, c.pValue);
    });
  }
});

describe('zTestProportions equals the pooled z statistic with p = 2·norm.sf(|z|)', () => {
  for (const c of fixture.zTest) {
    it(`${c.refSuccesses}/${c.refN} vs ${c.curSuccesses}/${c.curN}`, () => {
      const r = zTestProportions(c.refSuccesses, c.refN, c.curSuccesses, c.curN);
      expectClose(r.statistic, c.statistic, 1e-12);
      expectClose(r.pValue, c.pValue);
    });
  }
  it('gives z = 0 and p = 1 when both proportions are equal, even all zero', () => {
    expect(zTestProportions(0, 10, 0, 30)).toEqual({ statistic: 0, pValue: 1 });
    expect(zTestProportions(10, 10, 30, 30)).toEqual({ statistic: 0, pValue: 1 });
    expect(zTestProportions(3, 10, 9, 30)).toEqual({ statistic: 0, pValue: 1 });
  });
});

describe('andersonKSamp equals scipy.stats.anderson_ksamp (midrank)', () => {
  for (const c of fixture.anderson) {
    it(c.samples.join(' vs '), () => {
      const r = andersonKSamp(c.samples.map(sample));
      expectClose(r.statistic, c.statistic);
      r.criticalValues.forEach((v, i) => expectClose(v, c.criticalValues[i] as number, 1e-12));
      expectClose(r.pValue, c.pValue);
      expect(r.pValueCapped).toBe(c.pValueCapped);
    });
  }
});

describe('cramerVonMises2Samp equals scipy.stats.cramervonmises_2samp', () => {
  // SciPy's asymptotic p-value is 1 - CDF with the CDF summed in float64, so below ~1e-6 SciPy's own value
  // carries an absolute rounding error of a few 1e-16: there the bar is 4e-15 absolute (a few ulps of 1.0)
  for (const c of fixture.cvm) {
    it(`${c.a} vs ${c.b}, method=${c.mode}`, () => {
      const r = cramerVonMises2Samp(sample(c.a), sample(c.b), c.mode);
      expect(r.mode).toBe(c.usedMode);
      expectClose(r.statistic, c.statistic);
      expectClose(r.pValue, c.pValue, 1e-9, c.usedMode === 'asymptotic' ? 4e-15 : 1e-300);
    });
  }
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../../../src/data/index.js';
import { Frame, KLL_RANK_ERROR, profileFrame } from '../../../../src/data/index.js';

/** numpy's exact statistics of the same columns: test/fixtures/data/profile/make_profile_golden.py. */
interface Golden {
  rows: number;
  columns: Record<
    string,
    { count: number; missing: number; mean: number; std: number; min: number; max: number; distinct: number; quantiles: number[] }
  >;
}
const golden = JSON.parse(readFileSync(new URL('../../../fixtures/data/profile/golden.json', import.meta.url), 'utf8')) as Golden;

/** The columns of make_profile_golden.py, bit for bit (integer hash, IEEE products). */
function goldenColumns(n: number): Record<string, Float64Array> {
  const uniform = new Float64Array(n);
  const skewed = new Float64Array(n);
  const ties = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (Math.imul(i, 2654435761 | 0) >>> 0) / 2 ** 32;
    uniform[i] = u * 1000;
    skewed[i] = i % 97 === 0 ? Number.NaN : u * u * u * 10000;
    ties[i] = Math.floor(u * 50);
  }
  return { uniform, skewed, ties };
}

const QUANTILE_KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
const QS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

describe('profile vs numpy on 300,000 rows (golden fixture)', () => {
  const data = goldenColumns(golden.rows);
  const profile = profileFrame(new Frame(Object.entries(data).map(([name, values]) => ({ name, type: 'numeric' as const, values }))));

  it.each(Object.keys(golden.columns))(
    '%s: counts, min/max exact; mean and std within 1e-12; quantiles within the KLL bound; distinct within 3 SE',
    (name) => {
      const expected = golden.columns[name]!;
      const column = profile.columns.find((c) => c.name === name) as ColumnProfile;
      expect([column.count, column.missing]).toEqual([expected.count, expected.missing]);
      expect([column.numeric?.min, column.numeric?.max]).toEqual([expected.min, expected.max]);
      expect(Math.abs((column.numeric?.mean as number) - expected.mean) / expected.mean).toBeLessThan(1e-12);
      expect(Math.abs((column.numeric?.std as number) - expected.std) / expected.std).toBeLessThan(1e-12);
      expect(column.distinctExact).toBe(false);
      expect(Math.abs(column.distinct - expected.distinct) / expected.distinct).toBeLessThanOrEqual(3 * (1.04 / 64));
      // A sketch quantile is an observed value whose exact rank is within the bound of q; numpy's exact quantile
      // interpolates, so compare ranks: values < and ≤ the sketch's answer bracket q·n within ε·n.
      const sorted = data[name]!.filter((v) => !Number.isNaN(v)).sort();
      const n = sorted.length;
      QUANTILE_KEYS.forEach((key, i) => {
        const v = column.numeric?.quantiles?.[key] as number;
        let below = 0;
        while (below < n && (sorted[below] as number) < v) below++;
        let upTo = below;
        while (upTo < n && (sorted[upTo] as number) <= v) upTo++;
        const q = QS[i] as number;
        expect(below / n, `${name} ${key}`).toBeLessThanOrEqual(q + KLL_RANK_ERROR);
        expect(upTo / n, `${name} ${key}`).toBeGreaterThanOrEqual(q - KLL_RANK_ERROR);
        // The sketch's answer is within ε·n ranks of numpy's exact one: numpy's value v has rank(< v) ≤ q·n ≤ rank(≤ v).
        const numpyValue = expected.quantiles[i] as number;
        let numpyBelow = 0;
        while (numpyBelow < n && (sorted[numpyBelow] as number) < numpyValue) numpyBelow++;
        let numpyUpTo = numpyBelow;
        while (numpyUpTo < n && (sorted[numpyUpTo] as number) <= numpyValue) numpyUpTo++;
        expect(numpyBelow / n).toBeLessThanOrEqual(q + 1 / n);
        expect(numpyUpTo / n).toBeGreaterThanOrEqual(q - 1 / n);
        // The two rank intervals [below, upTo] (sketch) and [numpyBelow, numpyUpTo] (numpy) are within ε·n.
        expect(Math.max(0, below - numpyUpTo, numpyBelow - upTo) / n).toBeLessThanOrEqual(KLL_RANK_ERROR);
      });
    },
  );
});

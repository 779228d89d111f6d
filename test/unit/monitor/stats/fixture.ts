/** The SciPy golden values (test/fixtures/monitor/scipy-stats.json, from scripts/monitor-fixtures/scipy_stats.py). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

export interface ScipyFixture {
  samples: Record<string, number[]>;
  ks: { a: string; b: string; mode: 'auto' | 'exact' | 'asymp'; usedMode: string; statistic: number; pValue: number }[];
  chi2: { reference: number[]; current: number[]; statistic: number; pValue: number; dof: number }[];
  zTest: { refSuccesses: number; refN: number; curSuccesses: number; curN: number; statistic: number; pValue: number }[];
  anderson: { samples: string[]; statistic: number; criticalValues: number[]; pValue: number; pValueCapped: boolean }[];
  cvm: { a: string; b: string; mode: 'auto' | 'exact' | 'asymptotic'; usedMode: string; statistic: number; pValue: number }[];
  wasserstein: { a: string; b: string; distance: number }[];
  jensenShannon: { p: number[]; q: number[]; distance: number; distanceBase2: number }[];
  hellinger: { p: number[]; q: number[]; distance: number }[];
  psi: {
    reference: string;
    current: string;
    bins: number;
    edges: number[];
    referenceCounts: number[];
    currentCounts: number[];
    psi: number;
  }[];
  special: Record<string, number[][]>;
}

export const fixture = JSON.parse(
  readFileSync(join(here, '..', '..', '..', 'fixtures', 'monitor', 'scipy-stats.json'), 'utf8'),
) as ScipyFixture;

/** A fixture sample as a Float64Array. */
export function sample(name: string): Float64Array {
  const s = fixture.samples[name];
  if (s === undefined) throw new Error(`no sample ${name} in the fixture`);
  return Float64Array.from(s);
}

/** |actual - expected| <= rel·|expected| (or <= abs, for values that underflow). */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 1e-300): void {
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(
      `expected ${actual} to equal ${expected} within ${tol} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`,
    );
  }
}

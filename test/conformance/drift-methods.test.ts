/**
 * One suite over every registered drift method (STYLE.md: conformance): identical samples → no drift; clearly
 * shifted → drift; the same score after swapping reference and current where the method declares itself
 * symmetric; the result records the method, its kind and the threshold used. Data is generated (seeded).
 */
import { describe, expect, it } from 'vitest';

import { type Column, Frame } from '../../src/data/index.js';
import {
  BUILTIN_DRIFT_METHODS,
  createDriftMethodRegistry,
  type DriftColumnType,
  type DriftMethod,
  driftReport,
} from '../../src/monitor/drift/index.js';
import { prepareLevels, prepareNumeric, type PreparedSamples } from '../../src/monitor/drift/column-sample.js';
import { boolean, categorical, labelsWithShares, normal, numeric } from '../fixtures/monitor/frames.js';

const N = 400;

/** Reference and current columns of `type` fitting `method`: the same distribution, or clearly shifted. */
function columns(method: DriftMethod, type: DriftColumnType, shifted: boolean, seed: number): [Column, Column] {
  const name = `x_${type}`;
  const twoValued = method.maxDistinct !== undefined && method.maxDistinct <= 2;
  if (type === 'numeric' && !twoValued) return [numeric(name, normal(N, seed)), numeric(name, normal(N, seed + 1, shifted ? 1.5 : 0))];
  if (type === 'numeric') {
    const draw = (share: number) => labelsWithShares(N, { '0': share, '1': 1 - share }).map(Number);
    return [numeric(name, draw(0.7)), numeric(name, draw(shifted ? 0.2 : 0.7))];
  }
  if (type === 'boolean') {
    const draw = (share: number) => labelsWithShares(N, { t: share, f: 1 - share }).map((l) => l === 't');
    return [boolean(name, draw(0.75)), boolean(name, draw(shifted ? 0.25 : 0.75))];
  }
  const shares = (s: boolean): Record<string, number> =>
    twoValued ? (s ? { a: 0.2, b: 0.8 } : { a: 0.7, b: 0.3 }) : s ? { a: 0.1, b: 0.2, c: 0.7 } : { a: 0.6, b: 0.3, c: 0.1 };
  return [categorical(name, labelsWithShares(N, shares(false))), categorical(name, labelsWithShares(N, shares(shifted)))];
}

function frames(method: DriftMethod, shifted: boolean, types: readonly DriftColumnType[] = method.columnTypes): [Frame, Frame] {
  const pairs = types.map((type, i) => columns(method, type, shifted, 11 + 7 * i));
  return [new Frame(pairs.map((p) => p[0])), new Frame(pairs.map((p) => p[1]))];
}

/** The score of the method's verdict on a column or, for a multivariate method, on the dataset. */
async function verdicts(method: DriftMethod, reference: Frame, current: Frame, threshold?: number) {
  const report = await driftReport(reference, current, {
    method: method.id,
    correction: 'none',
    ...(threshold === undefined ? {} : { threshold }),
  });
  if (method.multivariate) {
    const m = report.multivariate[0];
    return m === undefined
      ? []
      : [{ column: m.columns.join(','), method: m.method, kind: m.kind, threshold: m.threshold, score: m.score, drift: m.drift }];
  }
  return report.columns;
}

describe.each(BUILTIN_DRIFT_METHODS.map((m) => [m.id, m] as const))('drift method %s', (_id, method) => {
  it('has kebab-case id, a title, a description, a kind, a threshold fitting the kind and column types', () => {
    expect(method.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(method.title.length).toBeGreaterThan(0);
    expect(method.description.length).toBeGreaterThan(20);
    expect(['p-value', 'distance']).toContain(method.kind);
    if (method.kind === 'p-value') expect(method.defaultThreshold > 0 && method.defaultThreshold < 1).toBe(true);
    else expect(method.defaultThreshold).toBeGreaterThan(0);
    expect(method.columnTypes.length).toBeGreaterThan(0);
    expect(Object.isFrozen(method)).toBe(true);
  });

  it('finds no drift between identical samples', async () => {
    const [reference] = frames(method, false);
    const results = await verdicts(method, reference, reference);
    expect(results.length).toBe(method.multivariate ? 1 : method.columnTypes.length);
    for (const r of results) expect({ column: r.column, drift: r.drift }).toEqual({ column: r.column, drift: false });
  });

  it('finds drift in clearly shifted samples', async () => {
    const [reference, current] = frames(method, true);
    const results = await verdicts(method, reference, current);
    for (const r of results) expect({ column: r.column, drift: r.drift, score: r.score }).toMatchObject({ column: r.column, drift: true });
  });

  it('records the method, its kind and the threshold used (default, then given)', async () => {
    const [reference, current] = frames(method, true);
    for (const r of await verdicts(method, reference, current))
      expect(r).toMatchObject({ method: method.id, kind: method.kind, threshold: method.defaultThreshold });
    const given = method.kind === 'p-value' ? 0.01 : method.defaultThreshold * 2;
    for (const r of await verdicts(method, reference, current, given)) expect(r).toMatchObject({ method: method.id, threshold: given });
  });

  it.runIf(method.symmetric && !method.multivariate)('gives the same score with reference and current swapped', async () => {
    if (method.multivariate) return;
    for (const type of method.columnTypes) {
      const [ref, cur] = columns(method, type, true, 5);
      const prepared = (
        ref.type === 'numeric' ? prepareNumeric(ref, cur as typeof ref, 10) : prepareLevels(ref as never, cur as never)
      ) as PreparedSamples;
      const ctx = { column: ref.name, support: prepared.support, distinct: prepared.distinct, seed: 0 };
      const forward = await method.onSample(prepared.reference, prepared.current, ctx);
      const backward = await method.onSample(prepared.current, prepared.reference, ctx);
      expect(backward.score).toBeCloseTo(forward.score, 12);
    }
  });
});

describe('the built-in registry', () => {
  it('holds the eleven permanent ids', () => {
    expect(createDriftMethodRegistry().ids()).toEqual([
      'anderson-darling',
      'chi-squared',
      'cramer-von-mises',
      'domain-classifier',
      'hellinger',
      'jensen-shannon',
      'ks',
      'mmd',
      'psi',
      'wasserstein',
      'z-test',
    ]);
  });

  it('refuses a duplicate id and names the known ids for an unknown one', () => {
    expect(() => createDriftMethodRegistry([BUILTIN_DRIFT_METHODS[0] as DriftMethod])).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_DUPLICATE_ID' }),
    );
    expect(() => createDriftMethodRegistry().get('kolmogorov')).toThrow(
      expect.objectContaining({
        code: 'MLP_CORE_UNKNOWN_ID',
        details: expect.objectContaining({ known: expect.arrayContaining(['ks', 'psi']) }),
      }),
    );
  });
});

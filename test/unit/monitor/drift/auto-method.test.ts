import { describe, expect, it } from 'vitest';

import { chooseMethod } from '../../../../src/monitor/drift/auto-method.js';

// Evidently's `_get_default_stattest`: ≤ 1000 reference values → tests (KS for numeric with > 5 distinct values,
// chi² for more than two values, Z for two); more → distances (normed Wasserstein for numeric with > 5 distinct
// values, Jensen–Shannon otherwise).
describe('chooseMethod', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 10, 500, 'ks'],
    ['numeric', 1000, 5, 'chi-squared'],
    ['numeric', 1000, 3, 'chi-squared'],
    ['numeric', 1000, 2, 'z-test'],
    ['numeric', 1000, 1, 'z-test'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1_000_000, 100_000, 'wasserstein'],
    ['numeric', 1001, 5, 'jensen-shannon'],
    ['numeric', 5000, 2, 'jensen-shannon'],
    ['categorical', 1000, 3, 'chi-squared'],
    ['categorical', 1000, 40, 'chi-squared'],
    ['categorical', 1000, 2, 'z-test'],
    ['categorical', 1001, 2, 'jensen-shannon'],
    ['categorical', 1001, 40, 'jensen-shannon'],
    ['boolean', 200, 2, 'z-test'],
    ['boolean', 2000, 2, 'jensen-shannon'],
  ] as const)('%s with %i reference values and %i distinct → %s', (type, n, distinct, method) => {
    const choice = chooseMethod(type, n, distinct);
    expect(choice.method).toBe(method);
    expect(choice.reason).toContain(`${n} reference values`);
    expect(choice.reason).toContain(`${distinct} distinct`);
  });
});

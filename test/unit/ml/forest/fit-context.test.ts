import { afterAll, describe, expect, it } from 'vitest';

import { computePool, shutdownComputePools } from '../../../../src/ml/compute/index.js';
import { rfLearner } from '../../../../src/ml/forest/index.js';
import type { FitReport } from '../../../../src/ml/learner.js';
import { makeData } from '../../../fixtures/ml/learner-data.js';

/**
 * Forests trained on threads report every tree as it comes back and stop on the signal; their trees and reports
 * match the calling-thread fit. Any size uses the threads it is given (no size threshold ignores `threads`).
 */
const trees = 40;
const { X, target } = makeData('binary', 5, 300);
const params = { nEstimators: trees, maxDepth: 4 };

afterAll(() => shutdownComputePools());

describe('forest fit on threads', () => {
  it('reports every tree once, in increasing count, and equals the one-thread model', async () => {
    const reports: FitReport[] = [];
    const progress: number[] = [];
    const threaded = await rfLearner.fit(X, target, params, {
      seed: 1,
      threads: 2,
      report: (r) => reports.push(r),
      progress: (f) => progress.push(f),
    });
    expect(reports.map((r) => r.iteration)).toEqual(Array.from({ length: trees }, (_, i) => i + 1));
    expect(reports.every((r) => r.total === trees)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(threaded.training).toEqual({ stoppedBy: 'completed', iterations: trees });
    const single = await rfLearner.fit(X, target, params, { seed: 1, threads: 1 });
    expect(
      Buffer.from(threaded.predictProba?.(X).buffer as ArrayBuffer).equals(Buffer.from(single.predictProba?.(X).buffer as ArrayBuffer)),
    ).toBe(true);
  });

  it('grows even a small forest (300 rows, 3 trees) on the compute pool when given 2 threads', async () => {
    const pool = computePool(2);
    const busy: boolean[] = [];
    await rfLearner.fit(X, target, { nEstimators: 3 }, { seed: 1, threads: 2, progress: () => busy.push(pool.busy) });
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every(Boolean)).toBe(true);
  });

  it('rejects with the signal’s reason when aborted from a report', async () => {
    const controller = new AbortController();
    const reason = { stop: 'forest' };
    await expect(
      rfLearner.fit(X, target, params, {
        seed: 1,
        threads: 2,
        signal: controller.signal,
        report: (r) => r.iteration === 3 && controller.abort(reason),
      }),
    ).rejects.toBe(reason);
  });
});

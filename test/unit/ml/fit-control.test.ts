import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/index.js';
import { checkFitBudget, IterationControl } from '../../../src/ml/fit-control.js';
import type { FitContext, FitReport } from '../../../src/ml/learner.js';

function recorder(extra: Partial<FitContext> = {}): { context: FitContext; reports: FitReport[]; progress: number[] } {
  const reports: FitReport[] = [];
  const progress: number[] = [];
  return {
    reports,
    progress,
    context: { seed: 0, threads: 1, report: (r) => reports.push(r), progress: (f) => progress.push(f), ...extra },
  };
}

function run(control: IterationControl, max: number): number {
  let n = 0;
  while (n < control.total && n < max) {
    n++;
    if (!control.step()) break;
  }
  return n;
}

describe('IterationControl', () => {
  it('runs the planned iterations without a budget, reporting each with the total and progress up to 1', () => {
    const { context, reports, progress } = recorder();
    const control = new IterationControl(context, 4);
    expect(control.total).toBe(4);
    run(control, 10);
    expect(reports).toEqual([1, 2, 3, 4].map((iteration) => ({ iteration, total: 4 })));
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(control.finish()).toEqual({ stoppedBy: 'completed', iterations: 4 });
  });

  it('caps the iterations at budget.maxIterations and says the budget stopped it', () => {
    const { context, reports } = recorder({ budget: { maxIterations: 3 } });
    const control = new IterationControl(context, 10);
    expect(control.total).toBe(3);
    expect(run(control, 10)).toBe(3);
    expect(reports.map((r) => r.total)).toEqual([3, 3, 3]);
    expect(control.finish()).toEqual({ stoppedBy: 'iteration-budget', iterations: 3 });
    // a cap above the plan changes nothing
    const loose = new IterationControl({ seed: 0, threads: 1, budget: { maxIterations: 50 } }, 5);
    run(loose, 10);
    expect(loose.finish()).toEqual({ stoppedBy: 'completed', iterations: 5 });
  });

  it('stops when the injected clock passes the time budget, counting from its creation', () => {
    const clock = new ManualClock(1000);
    const { context } = recorder({ budget: { timeMs: 25 }, clock, report: () => clock.advance(10) });
    const control = new IterationControl(context, 100);
    expect(run(control, 100)).toBe(3);
    expect(control.finish()).toEqual({ stoppedBy: 'time-budget', iterations: 3 });
  });

  it('progress follows the time budget when it runs out first, and never goes back', () => {
    const clock = new ManualClock(0);
    const progress: number[] = [];
    const control = new IterationControl(
      { seed: 0, threads: 1, budget: { timeMs: 40 }, clock, progress: (f) => progress.push(f), report: () => clock.advance(10) },
      100,
    );
    clock.advance(10);
    expect(run(control, 100)).toBe(3);
    expect(progress).toEqual([0.25, 0.5, 0.75]);
    control.finish();
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('is not cut by time on its last iteration', () => {
    const clock = new ManualClock(0);
    const control = new IterationControl({ seed: 0, threads: 1, budget: { timeMs: 5 }, clock, report: () => clock.advance(10) }, 1);
    expect(control.step()).toBe(true);
    expect(control.finish().stoppedBy).toBe('completed');
  });

  it('records early stopping', () => {
    const control = new IterationControl({ seed: 0, threads: 1 }, 10);
    control.step();
    control.stopEarly();
    expect(control.finish()).toEqual({ stoppedBy: 'early-stopping', iterations: 1 });
  });

  it('throws the signal’s reason after reporting, so a report can abort; note never throws', () => {
    const controller = new AbortController();
    const reason = { why: 'user cancelled' };
    const control = new IterationControl(
      { seed: 0, threads: 1, signal: controller.signal, report: (r) => r.iteration === 2 && controller.abort(reason) },
      5,
    );
    expect(control.step()).toBe(true);
    expect(() => control.step()).toThrow(expect.objectContaining(reason));
    expect(() => control.checkSignal()).toThrow(expect.objectContaining(reason));
    expect(() => control.note()).not.toThrow();
    expect(control.done).toBe(3);
  });

  it('passes metrics through and asks for the training metric only when someone reads reports', () => {
    const { context, reports } = recorder({ trainingMetric: true });
    const control = new IterationControl(context, 2);
    expect(control.trainingMetric).toBe(true);
    control.step({ metric: 'rmse', training: 1.5, validation: 2 });
    expect(reports[0]).toEqual({ iteration: 1, total: 2, metric: 'rmse', training: 1.5, validation: 2 });
    expect(new IterationControl({ seed: 0, threads: 1, trainingMetric: true }, 2).trainingMetric).toBe(false);
  });
});

describe('checkFitBudget', () => {
  it('accepts sane budgets and rejects others naming the field', () => {
    expect(() => checkFitBudget('gbdt', { seed: 0, threads: 1, budget: { maxIterations: 1, timeMs: 0 } })).not.toThrow();
    for (const [budget, field] of [
      [{ maxIterations: 0 }, 'budget.maxIterations'],
      [{ maxIterations: 2.5 }, 'budget.maxIterations'],
      [{ timeMs: -1 }, 'budget.timeMs'],
      [{ timeMs: Number.NaN }, 'budget.timeMs'],
    ] as const) {
      expect(() => checkFitBudget('gbdt', { seed: 0, threads: 1, budget })).toThrowError(
        expect.objectContaining({ code: 'MLP_ML_INVALID_PARAM', message: expect.stringContaining(field) }),
      );
    }
  });
});

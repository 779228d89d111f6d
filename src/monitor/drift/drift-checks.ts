import { DriftMethodResultError, ValidationError } from '../../core/index.js';
import type { DriftKind, DriftMethod, MethodScore } from './drift-method.js';
import type { DriftOptions } from './drift-result.js';

/* Checks of what goes into and comes out of a drift method, the same for every method. */

/**
 * A threshold that fits the kind: a p-value threshold in (0, 1), a finite distance ≥ 0.
 * @throws MLP_CORE_VALIDATION naming `field`.
 */
export function checkThreshold(kind: DriftKind, value: number, field: string): number {
  const ok = kind === 'p-value' ? value > 0 && value < 1 : Number.isFinite(value) && value >= 0;
  if (!ok)
    throw ValidationError({
      field,
      problem: `${value} is not a ${kind === 'p-value' ? 'p-value threshold in (0, 1)' : 'finite distance threshold ≥ 0'}`,
    });
  return value;
}

/** @throws MLP_CORE_VALIDATION for a drift share, bin count or seed out of range. */
export function checkOptions(options: DriftOptions): void {
  if (options.driftShare !== undefined && !(options.driftShare > 0 && options.driftShare <= 1))
    throw ValidationError({ field: 'driftShare', problem: `${options.driftShare} is not a share in (0, 1]` });
  if (options.bins !== undefined && !(Number.isInteger(options.bins) && options.bins >= 2 && options.bins <= 1000))
    throw ValidationError({ field: 'bins', problem: `${options.bins} is not a whole number of bins between 2 and 1000` });
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    throw ValidationError({ field: 'seed', problem: `${options.seed} is not an integer` });
}

/**
 * A method's answer the framework can use: a finite score, a p-value in [0, 1] with a finite effect size.
 * @throws MLP_DRIFT_METHOD_RESULT otherwise (a bug in the method).
 */
export function checkScore(method: DriftMethod, column: string, result: MethodScore): MethodScore {
  const problem = !Number.isFinite(result.score)
    ? `score ${result.score} is not a finite number`
    : method.kind === 'p-value' && (result.score < 0 || result.score > 1)
      ? `p-value ${result.score} is outside [0, 1]`
      : method.kind === 'p-value' && (result.effectSize === undefined || !Number.isFinite(result.effectSize.value))
        ? 'a p-value method must report a finite effect size'
        : undefined;
  if (problem !== undefined) throw DriftMethodResultError({ method: method.id, column, problem });
  return result;
}

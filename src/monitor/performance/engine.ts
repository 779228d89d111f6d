import { InternalError } from '../../core/index.js';
import type * as Engine from '../../ml/index.js';

let loaded: typeof Engine | undefined;

/**
 * Loads the engine (metrics, isotonic calibration, the gbdt learner) that the performance functions compute with.
 * Call it once before the synchronous functions of this folder (`windowedPerformance`, `performanceBaseline`,
 * `fitCbpe`, `estimateCbpe`, `expectedMetrics`, `estimateDle`, `predictDleErrors`); `fitDle` calls it itself. The
 * engine is loaded on demand so that importing `src/monitor` (which every workspace does, for its store
 * extensions) stays cheap: `mlpilot runs list` must not load `src/ml`.
 */
export async function loadPerformanceEngine(): Promise<void> {
  loaded ??= await import('../../ml/index.js');
}

/**
 * The loaded engine.
 * @throws MLP_CORE_INTERNAL when {@link loadPerformanceEngine} has not completed (a caller's bug).
 */
export function engine(): typeof Engine {
  if (loaded === undefined) throw InternalError({ reason: 'the performance functions need `await loadPerformanceEngine()` first' });
  return loaded;
}

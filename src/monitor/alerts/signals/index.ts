/** The built-in signals, one per signal kind (a static index: nothing registers itself). */
import type { Signal } from '../signal.js';
import { driftSignal } from './drift.js';
import { errorRateSignal } from './error-rate.js';
import { estimatedMetricSignal } from './estimated-metric.js';
import { latencySignal } from './latency.js';
import { metricSignal } from './metric.js';

export const builtinSignals: readonly Signal[] = Object.freeze([
  driftSignal,
  metricSignal,
  estimatedMetricSignal,
  latencySignal,
  errorRateSignal,
] as unknown as Signal[]);
export { DRIFT_BINS, MONITOR_DRIFT_METHODS, numericDrift } from './drift.js';

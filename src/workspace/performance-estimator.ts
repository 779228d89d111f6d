/**
 * The label-free estimator `estimated-metric` monitors read (a `PerformanceEstimator` of src/monitor), composed over
 * the workspace's {@link PerformanceService}: the window being judged is scored by `report` — the model's latest
 * version, its reference (validation rows rebuilt from its run, cached), CBPE for classifiers and DLE for regressors —
 * and the monitor's metric is taken from the window's estimate.
 */
import { MonitorSignalError } from '../core/index.js';
import {
  type EstimateRequest,
  type MonitorWindow,
  PERFORMANCE_METRICS,
  type PerformanceEstimator,
  type PerformanceMetric,
  type SignalReading,
  type WindowSpec,
} from '../monitor/index.js';
import type { PerformanceService } from './performance-service.js';

const HOUR_MS = 3_600_000;

/** The ingestion side's windows for a monitor's window, and which of them it is. */
function windowQuery(window: MonitorWindow): { window: WindowSpec; index: number } {
  const width = window.end - window.start;
  if (window.kind === 'rows') return { window: { kind: 'rows', size: width }, index: window.start / width };
  // Monitors' time windows are one UTC hour or day, aligned as the ingestion side's are, so the bucket numbers agree.
  const kind = width === HOUR_MS ? 'hourly' : 'daily';
  return { window: { kind, from: window.start, to: window.end }, index: window.start / width };
}

/**
 * An estimator over `performance` (a getter: the workspace builds the service after the monitors).
 * @throws MLP_MONITOR_SIGNAL naming `signal.metric` for a metric neither CBPE nor DLE estimates for the model's task;
 *   the performance service's errors (MLP_MONITOR_NO_REFERENCE, MLP_MONITOR_WINDOW_OUTPUTS, …), which stop the round
 *   for that monitor with the code recorded.
 */
export function performanceEstimator(performance: () => PerformanceService): PerformanceEstimator {
  return {
    async estimate(request: EstimateRequest): Promise<SignalReading> {
      const unfit = (problem: string): never => {
        throw MonitorSignalError({ monitor: request.monitor, field: 'signal.metric', problem });
      };
      if (!(PERFORMANCE_METRICS as readonly string[]).includes(request.metric))
        unfit(
          `${JSON.stringify(request.metric)} is not a performance metric; estimated are accuracy, f1, roc-auc (CBPE) and mae, rmse (DLE)`,
        );
      const metric = request.metric as PerformanceMetric;
      const report = await performance().report(request.model, { ...windowQuery(request.window), metrics: [metric] });
      const [window] = report.windows;
      if (window === undefined || window.rows === 0)
        return { value: null, status: 'no-data', rows: 0, note: `no predictions of ${request.model}@${report.version} in the window` };
      const estimated = window.metrics.find((m) => m.metric === metric)?.estimated ?? null;
      if (estimated === null)
        return unfit(
          `${metric} has no label-free estimate for a ${report.task} model (${report.estimator.method.toUpperCase()} estimates ` +
            `${report.task === 'regression' ? 'mae, rmse' : 'accuracy, f1, roc-auc'})`,
        );
      const method = estimated.method.toUpperCase();
      if (estimated.status !== 'ok' || estimated.value === null)
        return { value: null, status: 'no-data', rows: window.rows, note: `${method} gives no ${metric}: ${estimated.status}` };
      const se = estimated.standardError === null ? '' : ` ± ${estimated.standardError.toPrecision(3)} (SE)`;
      return {
        value: estimated.value,
        status: 'ok',
        rows: window.rows,
        note: `${method} estimate of ${metric}${se} for ${request.model}@${report.version}, reference ${report.reference.source.kind}`,
      };
    },
  };
}

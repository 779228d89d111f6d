import { MonitorDataUnavailableError } from '../../../core/index.js';
import { defineSignal, noData } from '../signal.js';

/** `estimated-metric`: a label-free estimate of a metric (CBPE for classifiers, DLE for regressors) for the window. */
export const estimatedMetricSignal = defineSignal({
  id: 'estimated-metric',
  title: 'Estimated performance without labels (CBPE / DLE)',
  async read(monitor, window, ctx) {
    if (ctx.estimator === undefined)
      throw MonitorDataUnavailableError({
        monitor: monitor.name,
        problem: 'no label-free performance estimator is composed into this workspace; use a "metric" signal on labelled windows',
      });
    const frame = await ctx.data.readWindow(monitor.model, window);
    if (frame.rowCount < monitor.minRows) return noData(frame.rowCount, `${frame.rowCount} rows, fewer than minRows ${monitor.minRows}`);
    return ctx.estimator.estimate({
      monitor: monitor.name,
      model: monitor.model,
      metric: monitor.signal.metric,
      window,
      rows: frame.rowCount,
    });
  },
});

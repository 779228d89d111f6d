import { defineSignal, noData } from '../signal.js';
import { finiteValues, quantileOfSorted, windowColumn } from './column-values.js';

const QUANTILE = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** `latency`: a statistic (mean, p50, p95, p99, max) of the window's latency column, in ms. */
export const latencySignal = defineSignal({
  id: 'latency',
  title: 'Serving latency (mean or a percentile, ms)',
  async read(monitor, window, ctx) {
    const frame = await ctx.data.readWindow(monitor.model, window);
    if (frame.rowCount < monitor.minRows) return noData(frame.rowCount, `${frame.rowCount} rows, fewer than minRows ${monitor.minRows}`);
    const { column: name, statistic } = monitor.signal;
    const values = finiteValues(monitor, windowColumn(monitor, frame, name, 'signal.column'), 'signal.column');
    if (values.length === 0) return noData(frame.rowCount, `column ${name} is missing on every row`);
    let value: number;
    if (statistic === 'mean') {
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i] as number;
      value = sum / values.length;
    } else {
      values.sort();
      value = statistic === 'max' ? (values[values.length - 1] as number) : quantileOfSorted(values, QUANTILE[statistic]);
    }
    return { value, status: 'ok', rows: values.length, note: statistic };
  },
});

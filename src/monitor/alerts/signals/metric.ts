import { isMissingAt, valueAt } from '../../../data/index.js';
import type { Column } from '../../../data/index.js';
import { defineSignal, noData, signalError } from '../signal.js';
import { windowColumn } from './column-values.js';

/** Class indices for label and prediction values that share one class list (sorted, so the indices are stable). */
function encodeClasses(
  labels: Column,
  predictions: Column,
  rows: Int32Array,
): { yTrue: Float64Array; yPred: Float64Array; classes: number } {
  const keys = new Set<string>();
  const key = (column: Column, i: number): string => String(valueAt(column, i));
  for (let r = 0; r < rows.length; r++) {
    keys.add(key(labels, rows[r] as number));
    keys.add(key(predictions, rows[r] as number));
  }
  const index = new Map([...keys].sort().map((k, i) => [k, i] as const));
  const yTrue = new Float64Array(rows.length);
  const yPred = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    yTrue[r] = index.get(key(labels, rows[r] as number)) as number;
    yPred[r] = index.get(key(predictions, rows[r] as number)) as number;
  }
  return { yTrue, yPred, classes: index.size };
}

function numbers(column: Column, rows: Int32Array): Float64Array | undefined {
  if (column.type !== 'numeric' && column.type !== 'boolean') return undefined;
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = column.values[rows[r] as number] as number;
  return out;
}

/**
 * `metric`: a realised metric (accuracy, f1, mae, rmse, … of `mlpilot learners`' metric ids) on the window's rows
 * whose label has arrived; windows with fewer labelled rows than `minRows` are `no-data`.
 */
export const metricSignal = defineSignal({
  id: 'metric',
  title: 'Realised performance on labelled predictions',
  async read(monitor, window, ctx) {
    const { metricRegistry } = await import('../../../ml/index.js');
    const { metric: metricId, labelColumn, predictionColumn } = monitor.signal;
    let metric;
    try {
      metric = metricRegistry.get(metricId);
    } catch {
      throw signalError(monitor, 'signal.metric', `unknown metric ${JSON.stringify(metricId)}; known: ${metricRegistry.ids().join(', ')}`);
    }
    if (metric.input === 'proba')
      throw signalError(
        monitor,
        'signal.metric',
        `${metricId} needs predicted probabilities; watch a label metric (accuracy, f1, …) or a regression metric`,
      );
    const frame = await ctx.data.readWindow(monitor.model, window);
    if (frame.rowCount === 0) return noData(0, 'the window has no predictions');
    const labels = windowColumn(monitor, frame, labelColumn, 'signal.labelColumn');
    const predictions = windowColumn(monitor, frame, predictionColumn, 'signal.predictionColumn');
    let n = 0;
    for (let i = 0; i < frame.rowCount; i++) if (!isMissingAt(labels, i) && !isMissingAt(predictions, i)) n++;
    if (n < monitor.minRows) return noData(n, `${n} labelled rows, fewer than minRows ${monitor.minRows}`);
    const rows = new Int32Array(n);
    for (let i = 0, j = 0; i < frame.rowCount; i++) if (!isMissingAt(labels, i) && !isMissingAt(predictions, i)) rows[j++] = i;
    if (metric.input === 'values') {
      const yTrue = numbers(labels, rows);
      const yPred = numbers(predictions, rows);
      if (yTrue === undefined || yPred === undefined)
        throw signalError(
          monitor,
          yTrue === undefined ? 'signal.labelColumn' : 'signal.predictionColumn',
          `${metricId} needs numeric labels and predictions`,
        );
      return { value: metric.compute({ yTrue, yPred }), status: 'ok', rows: n, note: metricId };
    }
    const { yTrue, yPred, classes } = encodeClasses(labels, predictions, rows);
    const value = metric.compute({ yTrue, yPred, ...(classes > 2 ? { nClasses: classes } : {}) });
    if (!Number.isFinite(value)) return noData(n, `${metricId} is undefined on this window`);
    return { value, status: 'ok', rows: n, note: metricId };
  },
});

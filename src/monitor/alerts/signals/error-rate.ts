import { defineSignal, noData } from '../signal.js';
import { finiteValues, windowColumn } from './column-values.js';

/** `error-rate`: the share of the window's predictions whose error column is true (or non-zero). */
export const errorRateSignal = defineSignal({
  id: 'error-rate',
  title: 'Share of failed predictions',
  async read(monitor, window, ctx) {
    const frame = await ctx.data.readWindow(monitor.model, window);
    if (frame.rowCount < monitor.minRows) return noData(frame.rowCount, `${frame.rowCount} rows, fewer than minRows ${monitor.minRows}`);
    const values = finiteValues(monitor, windowColumn(monitor, frame, monitor.signal.column, 'signal.column'), 'signal.column');
    if (values.length === 0) return noData(frame.rowCount, `column ${monitor.signal.column} is missing on every row`);
    let failed = 0;
    for (let i = 0; i < values.length; i++) if ((values[i] as number) !== 0) failed++;
    return { value: failed / values.length, status: 'ok', rows: values.length };
  },
});

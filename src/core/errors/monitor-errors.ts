import { defineError, ExitCode } from './define-error.js';

/** Errors of continuous monitoring (src/monitor): ingestion of predictions and labels, windows. */

export const IngestRecordError = defineError<{ list: string; row: number; field: string; problem: string; file?: string }>(
  'MLP_MONITOR_INVALID_RECORD',
  {
    message: (d) =>
      d.file === undefined
        ? `${d.list}[${d.row}].${d.field} is invalid: ${d.problem}. Nothing of this batch was stored; fix the row and send the batch again.`
        : `${d.file}:${d.row}: field ${JSON.stringify(d.field)} of this ${d.list === 'labels' ? 'label' : 'prediction'} is invalid: ${d.problem}. ` +
          'Nothing of its batch was stored (batches before it were); fix the line and run the command again.',
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);

export const IngestBackpressureError = defineError<{
  model: string;
  queued: number;
  limit: number;
  rows: number;
  retryAfterSeconds: number;
}>('MLP_MONITOR_BACKPRESSURE', {
  message: (d) =>
    `ingestion for model "${d.model}" is saturated: ${d.queued} rows are waiting to be written (limit ${d.limit}), so these ${d.rows} ` +
    `rows were refused and nothing of them was stored (counted as dropped by backpressure). Send them again after ` +
    `${d.retryAfterSeconds} s; resends are idempotent by prediction id.`,
  httpStatus: 429,
  exitCode: ExitCode.internal,
});

export const IngestClosedError = defineError<{ model: string; retryAfterSeconds: number }>('MLP_MONITOR_INGEST_CLOSED', {
  message: (d) =>
    `ingestion is closed (the process is shutting down), so the rows for model "${d.model}" were not taken; send them again after ${d.retryAfterSeconds} s.`,
  httpStatus: 503,
  exitCode: ExitCode.internal,
});

export const WindowSpecError = defineError<{ field: string; problem: string }>('MLP_MONITOR_INVALID_WINDOW', {
  message: (d) => `invalid window request at ${d.field}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

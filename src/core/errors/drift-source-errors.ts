import { defineError, ExitCode } from './define-error.js';

/** Errors of the sources a drift comparison reads (a traffic window as `--current`, the reference by lineage). */

export const DriftSourceError = defineError<{ field: string; source: string; part: string; problem: string }>('MLP_DRIFT_INVALID_SOURCE', {
  message: (d) =>
    `${d.field} ${JSON.stringify(d.source)}: the ${d.part} ${d.problem}. A window is window:MODEL[@VERSION]:KIND[:START] ` +
    '(KIND hourly, daily or rows:N; START an ISO 8601 instant with a zone), e.g. window:churn@3:daily:2026-03-01T00:00:00Z.',
  httpStatus: 400,
  exitCode: ExitCode.usage,
});

export const DriftNoWindowError = defineError<{ source: string; model: string; problem: string }>('MLP_DRIFT_NO_WINDOW', {
  message: (d) =>
    `no traffic window for ${JSON.stringify(d.source)}: ${d.problem}. Log predictions for model ${JSON.stringify(d.model)} ` +
    '(mlpilot predict --log, mlpilot monitor ingest, POST /api/v1/monitor/{model}/predictions) or pick another START.',
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const DriftNoReferenceError = defineError<{ current: string; problem: string }>('MLP_DRIFT_NO_REFERENCE', {
  message: (d) =>
    `no reference for the drift of ${JSON.stringify(d.current)}: ${d.problem}. Give the reference explicitly ` +
    '(--reference NAME@VERSION or FILE; "reference" in a request).',
  httpStatus: 400,
  exitCode: ExitCode.usage,
});

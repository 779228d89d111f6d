import { defineError, ExitCode } from './define-error.js';

/** Errors of monitors, alerts, incidents and their actions (src/monitor/alerts, issue 16 §5). */

export const MonitorNotFoundError = defineError<{ name: string; known: string[] }>('MLP_MONITOR_NOT_FOUND', {
  message: (d) =>
    `no monitor named ${JSON.stringify(d.name)}; ${d.known.length === 0 ? 'none is declared (mlpilot.config.yaml "monitors", or POST /api/v1/monitors)' : `known: ${d.known.join(', ')}`}.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const MonitorExistsError = defineError<{ name: string; source: string }>('MLP_MONITOR_EXISTS', {
  message: (d) => `a monitor named ${JSON.stringify(d.name)} is already declared (${d.source}); choose another name.`,
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

export const MonitorSignalError = defineError<{ monitor: string; field: string; problem: string }>('MLP_MONITOR_SIGNAL', {
  message: (d) => `monitor ${d.monitor}: its signal cannot be computed: ${d.field}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const MonitorDataUnavailableError = defineError<{ monitor: string; problem: string }>('MLP_MONITOR_DATA_UNAVAILABLE', {
  message: (d) => `monitor ${d.monitor}: no data to evaluate it: ${d.problem}.`,
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

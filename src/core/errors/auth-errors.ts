import { defineError, ExitCode } from './define-error.js';

/** Errors of authentication, authorisation and the API edge (src/server). */

export const UnauthenticatedError = defineError<{ reason: string }>('MLP_AUTH_UNAUTHENTICATED', {
  message: (d) => `authentication required: ${d.reason}. Send "Authorization: Bearer <token>" (mlpilot tokens create).`,
  httpStatus: 401,
  exitCode: ExitCode.usage,
});

export const ForbiddenError = defineError<{ required: string; actual: string; action: string }>('MLP_AUTH_FORBIDDEN', {
  message: (d) => `${d.action} needs role ${d.required}; this token has role ${d.actual}.`,
  httpStatus: 403,
  exitCode: ExitCode.usage,
});

export const UnsafeBindError = defineError<{ host: string }>('MLP_SERVER_UNSAFE_BIND', {
  message: (d) =>
    `refusing to listen on ${d.host} without authentication; enable server.auth.enabled (MLPILOT_SERVER_AUTH_ENABLED=true) ` +
    'or bind to 127.0.0.1.',
  httpStatus: 500,
  exitCode: ExitCode.usage,
});

export const RouteNotFoundError = defineError<{ method: string; url: string }>('MLP_API_ROUTE_NOT_FOUND', {
  message: (d) => `no route ${d.method} ${d.url}; see /api/v1/openapi.json.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

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

export const BodyTooLargeError = defineError<{ limitBytes: number; url: string }>('MLP_API_BODY_TOO_LARGE', {
  message: (d) =>
    `the request body for ${d.url} is larger than the limit of ${d.limitBytes} bytes; nothing was written. ` +
    'Send a smaller body or raise the server upload limit.',
  httpStatus: 413,
  exitCode: ExitCode.invalidInput,
});

export const UnsupportedMediaTypeError = defineError<{ contentType: string; accepted: string[] }>('MLP_API_UNSUPPORTED_MEDIA_TYPE', {
  message: (d) => `content type ${JSON.stringify(d.contentType)} is not accepted here; send one of ${d.accepted.join(', ')}.`,
  httpStatus: 415,
  exitCode: ExitCode.invalidInput,
});

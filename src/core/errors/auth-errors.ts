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

export const ForbiddenHostError = defineError<{ host: string; allowed: string[] }>('MLP_API_FORBIDDEN_HOST', {
  message: (d) =>
    `this server does not answer for host ${JSON.stringify(d.host)} (a DNS-rebinding guard while auth is off); ` +
    `use one of ${d.allowed.join(', ')} or add it to server.allowedHosts.`,
  httpStatus: 421,
  exitCode: ExitCode.usage,
});

export const ForbiddenOriginError = defineError<{ origin: string; allowed: string[] }>('MLP_API_FORBIDDEN_ORIGIN', {
  message: (d) =>
    `requests from origin ${JSON.stringify(d.origin)} are refused (a cross-site guard while auth is off); ` +
    `allowed: ${d.allowed.join(', ')}. Add the origin to server.allowedOrigins if it is yours.`,
  httpStatus: 403,
  exitCode: ExitCode.usage,
});

export const BadUrlError = defineError<{ url: string }>('MLP_API_BAD_URL', {
  message: (d) =>
    `the URL ${JSON.stringify(d.url)} is not valid percent-encoding (a "%" must start a UTF-8 byte as %XX); encode the path with encodeURIComponent.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const UriTooLongError = defineError<{ limit: number }>('MLP_API_URI_TOO_LONG', {
  message: (d) => `a path segment of the URL is longer than ${d.limit} characters; no id, name or path is that long.`,
  httpStatus: 414,
  exitCode: ExitCode.invalidInput,
});

export const HeadersTooLargeError = defineError<{ limitBytes: number }>('MLP_API_HEADERS_TOO_LARGE', {
  message: (d) => `the request line and headers are larger than ${d.limitBytes} bytes; send a shorter URL or fewer/smaller headers.`,
  httpStatus: 431,
  exitCode: ExitCode.invalidInput,
});

export const MalformedRequestError = defineError<{ reason: string }>('MLP_API_MALFORMED_REQUEST', {
  message: (d) => `the request is not valid HTTP/1.1 (${d.reason}); the connection is closed.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const RequestTimeoutError = defineError<Record<string, never>>('MLP_API_REQUEST_TIMEOUT', {
  message: () => 'the request was not received completely in time; the connection is closed.',
  httpStatus: 408,
  exitCode: ExitCode.invalidInput,
});

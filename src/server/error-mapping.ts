import type { FastifyError } from 'fastify';
import { ZodError } from 'zod';

import {
  BodyTooLargeError,
  InternalError,
  isMlpError,
  UnsupportedMediaTypeError,
  ValidationError,
  type Logger,
  type MlpError,
} from '../core/index.js';
import { issueToError } from './validation.js';

/** Content types the API accepts for JSON bodies (listed in 415 answers). */
export const JSON_CONTENT_TYPES = ['application/json'] as const;

/**
 * Turns anything thrown while handling a request into a catalog error, so every answer is
 * `{ error: { code, message, details } }` with the catalog's HTTP status:
 * MlpError → itself; ZodError → MLP_CORE_VALIDATION naming the field; fastify's body-size and media-type
 * errors → MLP_API_BODY_TOO_LARGE / MLP_API_UNSUPPORTED_MEDIA_TYPE; other client errors (bad JSON, bad
 * content length) → MLP_CORE_VALIDATION on `body`; everything else → MLP_CORE_INTERNAL, logged with its
 * stack on the server and sent without it.
 */
export function toMlpError(
  error: unknown,
  where: { method: string; url: string; requestId: string; bodyLimit: number; accepted: readonly string[] },
  logger: Logger,
): MlpError {
  if (isMlpError(error)) return error;
  if (error instanceof ZodError) return issueToError('body', error);
  const fastifyError = error as Partial<FastifyError> | undefined;
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return BodyTooLargeError({ limitBytes: where.bodyLimit, url: where.url });
  }
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return UnsupportedMediaTypeError({ contentType: contentTypeOf(fastifyError), accepted: [...where.accepted] });
  }
  if (status >= 400 && status < 500) {
    return ValidationError({ field: 'body', problem: String(fastifyError?.message ?? 'the request could not be read') });
  }
  logger.error('request failed', {
    method: where.method,
    url: where.url,
    requestId: where.requestId,
    error: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  return InternalError({
    reason: `unexpected failure while handling ${where.method} ${where.url} (request ${where.requestId}; see the server log)`,
  });
}

function contentTypeOf(error: Partial<FastifyError> | undefined): string {
  const match = /:\s*(.+)$/.exec(String(error?.message ?? ''));
  return match === null ? 'unknown' : (match[1] as string).trim();
}

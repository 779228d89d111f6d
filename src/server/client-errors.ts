import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import {
  BadUrlError,
  HeadersTooLargeError,
  InternalError,
  MalformedRequestError,
  RequestTimeoutError,
  UriTooLongError,
  type MlpError,
} from '../core/index.js';

/**
 * Requests fastify refuses before any route runs, answered in the documented error shape
 * `{ error: { code, message, details } }` like everything else.
 *
 * Two places: the router's `frameworkErrors` (a URL whose percent-encoding does not decode, a path parameter longer
 * than `maxParamLength`) has a reply to send through; Node's HTTP parser (`clientError`: headers over
 * `maxHeaderSize`, a request that is not HTTP, a request timeout) has only the socket, so the answer is written on
 * it by hand and the connection closed, as Node itself does.
 */

/** fastify's `frameworkErrors` option: answers a router-level refusal from the catalog. */
export function frameworkErrorHandler(maxParamLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const mlp = frameworkError(error, request.raw.url ?? '', maxParamLength);
    void reply.status(mlp.httpStatus).type('application/json').header('x-content-type-options', 'nosniff').send(mlp.toJSON());
  };
}

function frameworkError(error: FastifyError, url: string, maxParamLength: number): MlpError {
  if (error.code === 'FST_ERR_BAD_URL') return BadUrlError({ url: url.slice(0, 512) });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return UriTooLongError({ limit: maxParamLength });
  return InternalError({ reason: `the router refused the request (${error.code})` });
}

/** The error of a `clientError`, or undefined when the socket is gone (the client reset it: nothing to answer). */
export function clientErrorAnswer(error: Error & { code?: string }, maxHeaderSize: number): MlpError | undefined {
  if (error.code === 'ECONNRESET') return undefined;
  if (error.code === 'HPE_HEADER_OVERFLOW') return HeadersTooLargeError({ limitBytes: maxHeaderSize });
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return RequestTimeoutError({});
  return MalformedRequestError({ reason: error.code ?? 'unparsable request' });
}

/** fastify's `clientErrorHandler` option: writes the JSON error on the raw socket and closes it. */
export function clientErrorHandler(maxHeaderSize: number) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    const mlp = clientErrorAnswer(error, maxHeaderSize);
    if (mlp === undefined || socket.destroyed) return;
    if (!socket.writable) {
      socket.destroy(error);
      return;
    }
    const body = JSON.stringify(mlp.toJSON());
    socket.end(
      `HTTP/1.1 ${mlp.httpStatus} ${STATUS_CODES[mlp.httpStatus] ?? 'Error'}\r\n` +
        'Content-Type: application/json\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

import type { Principal, RouteRole } from './roles.js';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Marker: the handler returns a {@link RawReply} (file download, Prometheus text) instead of JSON. */
export const RAW = 'raw' as const;
/** Marker: the route answers 204 with no body. */
export const EMPTY = 'empty' as const;

/** A non-JSON response: bytes or text with its content type. */
export class RawReply {
  constructor(
    readonly body: Buffer | string,
    readonly contentType: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** A request body sent as raw bytes (dataset upload, artifact upload) instead of JSON. */
export interface RawBodySpec {
  /** Content types accepted for this route, e.g. `['text/csv', 'application/octet-stream']`. */
  readonly contentTypes: readonly string[];
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type BodyOut<S, R> = R extends RawBodySpec ? Buffer : Out<S>;
type Result<S> = S extends typeof RAW ? RawReply : S extends typeof EMPTY ? void : S extends z.ZodType ? z.input<S> : never;

/** What a handler receives: validated inputs, the caller, and the write context to pass to every mutation. */
export interface RouteContext<D, P, Q, B> {
  readonly deps: D;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal;
  /** `{ actor: principal.owner }`: the actor of every event this request writes. */
  readonly write: { readonly actor: string };
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** The typed form a route file writes; {@link routeFactory} erases it to {@link ApiRoute}. */
export interface RouteDefinition<D, PS, QS, BS, RB, RS> {
  readonly method: HttpMethod;
  /** Path below the API prefix in fastify syntax (`/runs/:id`); a trailing `*` is exposed as param `path`. */
  readonly url: string;
  /** Stable, camelCase, unique: becomes the OpenAPI operationId. */
  readonly operationId: string;
  readonly role: RouteRole;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: PS;
  readonly query?: QS;
  readonly body?: BS;
  readonly rawBody?: RB;
  /** Largest JSON body of this route in bytes (default: the server's JSON limit). */
  readonly bodyLimitBytes?: number;
  /** Success status; 200 by default, 204 for {@link EMPTY}. */
  readonly status?: number;
  readonly response: RS;
  /** Mounted outside the API prefix (e.g. `/healthz`, `/metrics`). */
  readonly absolute?: boolean;
  readonly handler: (ctx: RouteContext<D, Out<PS>, Out<QS>, BodyOut<BS, RB>>) => Promise<Result<RS>>;
}

/** A route with its types erased, as the registration and the OpenAPI builder see it. */
export interface ApiRoute<D> {
  readonly method: HttpMethod;
  readonly url: string;
  readonly operationId: string;
  readonly role: RouteRole;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly rawBody?: RawBodySpec;
  readonly bodyLimitBytes?: number;
  readonly status?: number;
  readonly response: z.ZodType | typeof RAW | typeof EMPTY;
  readonly absolute?: boolean;
  readonly handler: (ctx: RouteContext<D, unknown, unknown, unknown>) => Promise<unknown>;
}

/**
 * Returns the `defineRoute` function for handlers that receive dependencies of type `D`. Routes are data:
 * the registration, the auth hook and the OpenAPI document all read the same definition.
 */
export function routeFactory<D>() {
  return function defineRoute<
    PS extends z.ZodType | undefined = undefined,
    QS extends z.ZodType | undefined = undefined,
    BS extends z.ZodType | undefined = undefined,
    RB extends RawBodySpec | undefined = undefined,
    RS extends z.ZodType | typeof RAW | typeof EMPTY = z.ZodType,
  >(definition: RouteDefinition<D, PS, QS, BS, RB, RS>): ApiRoute<D> {
    return definition as unknown as ApiRoute<D>;
  };
}

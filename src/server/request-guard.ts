import { ForbiddenHostError, ForbiddenOriginError } from '../core/index.js';

/**
 * Who may talk to a server whose auth is off. Without auth every request is trusted, so two browser attacks matter
 * even on loopback: DNS rebinding (a page on `evil.example` whose name now resolves to 127.0.0.1 sends `Host:
 * evil.example:8080`) and cross-site requests (a page posts to `http://127.0.0.1:8080` and the browser adds
 * `Origin: https://evil.example`). The guard answers only allowed `Host`s and, when an `Origin` is present, only
 * the server's own http origin or an allowed one.
 */
export interface RequestGuardOptions {
  /** Extra `Host` entries: `name` (any port) or `name:port`, lower case (`server.allowedHosts`). */
  readonly allowedHosts: readonly string[];
  /** Extra origins, `scheme://host[:port]` (`server.allowedOrigins`). */
  readonly allowedOrigins: readonly string[];
}

/** Host names a loopback server always answers for (any port). */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** A request check: throws the catalog error refusing the request, or returns when it may proceed. */
export type RequestGuard = (headers: { host?: string | undefined; origin?: string | undefined }) => void;

/**
 * Builds the guard. A `Host` is allowed when its name, or its `name:port`, is a loopback name or listed; a request
 * without `Host` (HTTP/1.0; browsers always send one) passes. An `Origin` is allowed when it is `http://` + the
 * request's own (allowed) `Host`, or listed; `Origin: null` (sandboxed frames, `file:` pages) is refused.
 * @throws MLP_API_FORBIDDEN_HOST (421) or MLP_API_FORBIDDEN_ORIGIN (403).
 */
export function requestGuard(options: RequestGuardOptions): RequestGuard {
  const hosts = new Set<string>([...LOOPBACK_HOST_NAMES, ...options.allowedHosts.map((h) => h.toLowerCase())]);
  const origins = new Set(options.allowedOrigins);
  return (headers) => {
    const host = headers.host;
    let authority: string | undefined;
    if (host !== undefined) {
      const parsed = parseAuthority(host);
      if (parsed === undefined || !(hosts.has(parsed.hostname) || hosts.has(parsed.host))) {
        throw ForbiddenHostError({ host, allowed: [...hosts] });
      }
      authority = parsed.host;
    }
    const origin = headers.origin;
    if (origin === undefined) return;
    const self = authority === undefined ? undefined : `http://${authority}`;
    const normalised = originOf(origin);
    if (normalised !== undefined && (normalised === self || origins.has(normalised))) return;
    throw ForbiddenOriginError({ origin, allowed: [...(self === undefined ? [] : [self]), ...origins] });
  };
}

/** `Host` header → lower-case `hostname` (IPv6 in brackets) and `host` (`hostname:port`, default port dropped). */
function parseAuthority(value: string): { hostname: string; host: string } | undefined {
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, host: url.host };
  } catch {
    return undefined;
  }
}

/** The serialised origin of an `Origin` header, or undefined when it is not one (`null`, a path, garbage). */
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

import { isIP } from 'node:net';

import { UnsafeBindError, type Logger } from '../core/index.js';
import type { Workspace } from '../workspace/index.js';
import { buildServer } from './build-server.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  readonly workspace: Workspace;
  /** Default `workspace.config.server.host` (127.0.0.1). */
  readonly host?: string;
  /** Default `workspace.config.server.port` (8080); 0 picks a free port. */
  readonly port?: number;
  /** Actor of writes when auth is disabled. */
  readonly actor: string;
  /** Aborting closes the server. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  readonly uploadLimitBytes?: number;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops accepting connections and waits for in-flight requests. Idempotent. */
  close(): Promise<void>;
}

/** True for loopback addresses: `localhost`, 127.0.0.0/8, `::1` (also in brackets or IPv4-mapped). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^(0{0,4}:){5}0{0,4}:?:1$/.test(h) || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Starts the REST API. Without auth (`server.auth.enabled` false, the embedded default) every request is trusted
 * as `actor`, so only a loopback host is allowed; anything else is refused before a socket is opened.
 * @throws MLP_SERVER_UNSAFE_BIND when auth is disabled and `host` is not loopback.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { workspace } = options;
  const host = options.host ?? workspace.config.server.host;
  const port = options.port ?? workspace.config.server.port;
  const authEnabled = workspace.config.server.auth.enabled;
  if (!authEnabled && !isLoopbackHost(host)) throw UnsafeBindError({ host });
  const logger = options.logger ?? workspace.logger;
  if (authEnabled && !(await workspace.store.tokens.any())) {
    logger.warn('auth is enabled but no API token exists; create one with `mlpilot tokens create --role admin`');
  }
  const app = await buildServer({
    workspace,
    actor: options.actor,
    logger,
    boundHost: host,
    ...(options.uploadLimitBytes === undefined ? {} : { uploadLimitBytes: options.uploadLimitBytes }),
  });
  const address = await app.listen({ host, port });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= app.close());
  if (options.signal !== undefined) {
    if (options.signal.aborted) await close();
    else options.signal.addEventListener('abort', () => void close(), { once: true });
  }
  logger.info('mlpilot API listening', { url: address, auth: authEnabled });
  return { url: address, close };
}

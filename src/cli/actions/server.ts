import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { waitForStop } from '../io.js';

/** `mlpilot server`: serves the REST API until SIGINT/SIGTERM (or the io's signal). */
export async function serve(ctx: CliContext, _args: ActionArgs, options: { host?: string; port?: number }): Promise<void> {
  const flags: Record<string, unknown> = {};
  if (options.host !== undefined) flags['host'] = options.host;
  if (options.port !== undefined) flags['port'] = options.port;
  const config = ctx.config(Object.keys(flags).length > 0 ? { server: flags } : {});
  // Loaded on use: fastify and the routes are not needed by the other commands' start-up.
  const { startServer } = await import('../../server/index.js');
  const ws = await ctx.workspace();
  const stop = waitForStop(ctx.io);
  try {
    const server = await startServer({
      workspace: ws,
      host: config.server.host,
      port: config.server.port,
      actor: ctx.actor,
      logger: ctx.logger(),
      signal: stop.signal,
    });
    ctx.onClose(() => server.close());
    // Monitors are evaluated on the hour by monitor-evaluate jobs on this workspace's queue (docs/monitoring.md).
    const scheduler = ws.monitors.scheduler(ws.ctx);
    scheduler.start();
    ctx.onClose(() => scheduler.stop());
    const ready = {
      url: server.url,
      api: `${server.url}/api/v1`,
      openapi: `${server.url}/api/v1/openapi.json`,
      auth: config.server.auth.enabled,
    };
    // JSON mode prints one line as soon as the server listens, so scripts can read the URL.
    if (ctx.out.jsonMode) ctx.out.jsonLine(ready);
    else {
      ctx.out.line(`mlpilot server listening on ${server.url}`);
      ctx.out.line(`  API      ${ready.api}`);
      ctx.out.line(`  OpenAPI  ${ready.openapi}`);
      ctx.out.line(`  auth     ${ready.auth ? 'on (Authorization: Bearer <token>)' : 'off (loopback only)'}`);
    }
    ctx.out.note('press Ctrl-C to stop');
    const reason = await stop.stopped;
    await server.close();
    ctx.out.note(`stopped (${reason})`);
  } finally {
    stop.dispose();
  }
}

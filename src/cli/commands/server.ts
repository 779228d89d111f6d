import { defineCommand, verb } from '../define-command.js';
import { waitForStop } from '../io.js';
import { intOption } from '../parse.js';

/** `mlpilot server`: the REST API (and dashboard) until SIGINT/SIGTERM. */
export const serverCommand = defineCommand({
  name: 'server',
  summary: 'serve the REST API and dashboard until stopped',
  register(program, session) {
    verb<{ host?: string; port?: number }>(
      program,
      session,
      {
        usage: 'server',
        summary: 'serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) until SIGINT/SIGTERM',
        examples: [
          'mlpilot server',
          'mlpilot server --port 9000',
          'MLPILOT_SERVER_AUTH_ENABLED=true mlpilot server --host 0.0.0.0    # other hosts need auth: mlpilot tokens create',
        ],
        options: (c) =>
          c
            .option('--host <host>', 'interface to listen on (default: server.host, 127.0.0.1); non-loopback needs auth enabled')
            .option('--port <port>', 'TCP port (default: server.port, 8080; 0 picks a free one)', intOption(0, 65535)),
      },
      async (ctx, _args, options) => {
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
          const ready = { url: server.url, api: `${server.url}/api/v1`, openapi: `${server.url}/api/v1/openapi.json`, auth: config.server.auth.enabled };
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
      },
    );
  },
});

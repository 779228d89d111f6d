import { hostname } from 'node:os';

import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { waitForStop } from '../io.js';

/**
 * `mlpilot worker`: runs jobs from the pg-boss queue on PostgreSQL until SIGINT/SIGTERM (or the io's signal), with
 * the workspace's handler modules and settings.
 * @throws MLP_CONFIG_INVALID (exit 2) when the database is not PostgreSQL.
 */
export async function work(ctx: CliContext, _args: ActionArgs, options: { concurrency?: number }): Promise<void> {
  const config = ctx.config(options.concurrency === undefined ? {} : { jobs: { concurrency: options.concurrency } });
  const ws = await ctx.workspace();
  const stop = waitForStop(ctx.io);
  const workerId = `${hostname()}:${process.pid}`;
  try {
    const running = ws.runWorker({
      concurrency: config.jobs.concurrency,
      workerId,
      clock: ctx.clock,
      logger: ctx.logger(),
      signal: stop.signal,
    });
    ctx.out.note(`mlpilot worker ${workerId}: ${config.jobs.concurrency} at once on ${ws.databaseUrl}; press Ctrl-C to stop`);
    const summary = await running;
    ctx.out.result(summary, () =>
      ctx.out.line(
        `worker ${summary.workerId} stopped: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.cancelled} cancelled, ` +
          `${summary.interrupted} handed back, ${summary.superseded} superseded`,
      ),
    );
  } finally {
    stop.dispose();
  }
}

import { hostname } from 'node:os';

import { databaseUrl, UsageError } from '../../core/index.js';
import { runWorker } from '../../jobs/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { waitForStop } from '../io.js';

/** `mlpilot worker`: runs jobs from the pg-boss queue on PostgreSQL until SIGINT/SIGTERM (or the io's signal). */
export async function work(ctx: CliContext, _args: ActionArgs, options: { concurrency?: number }): Promise<void> {
  const config = ctx.config(options.concurrency === undefined ? {} : { jobs: { concurrency: options.concurrency } });
  const url = databaseUrl(config, ctx.cwd);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw UsageError({
      problem: `mlpilot worker needs a PostgreSQL database for its pg-boss queue, but the database is ${url.startsWith('sqlite:') ? 'the embedded SQLite file' : url}`,
      hint: 'Set MLPILOT_DATABASE_URL=postgres://… (or --database-url) and MLPILOT_JOBS_BACKEND=pg-boss for the submitters; the local backend runs jobs inside the submitting process',
    });
  }
  const ws = await ctx.workspace();
  const stop = waitForStop(ctx.io);
  const workerId = `${hostname()}:${process.pid}`;
  ctx.out.note(`mlpilot worker ${workerId}: ${config.jobs.concurrency} at once on ${ws.databaseUrl}; press Ctrl-C to stop`);
  try {
    const summary = await runWorker({
      store: ws.store,
      connectionString: url,
      concurrency: config.jobs.concurrency,
      workerId,
      clock: ctx.clock,
      logger: ctx.logger(),
      signal: stop.signal,
    });
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

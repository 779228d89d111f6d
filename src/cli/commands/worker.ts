import { hostname } from 'node:os';

import { databaseUrl, UsageError } from '../../core/index.js';
import { defineCommand, verb } from '../define-command.js';
import { waitForStop } from '../io.js';
import { intOption } from '../parse.js';

/** `mlpilot worker`: runs pg-boss jobs from the shared PostgreSQL queue until SIGINT/SIGTERM. */
export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'run queued jobs from PostgreSQL (pg-boss) until stopped',
  register(program, session) {
    verb<{ concurrency?: number }>(
      program,
      session,
      {
        usage: 'worker',
        summary: 'run jobs from the pg-boss queue on PostgreSQL until SIGINT/SIGTERM (then finish or hand back running jobs)',
        examples: [
          'MLPILOT_DATABASE_URL=postgres://mlpilot@db/mlpilot mlpilot worker --concurrency 4',
          'mlpilot worker --database-url postgres://mlpilot@db/mlpilot --log-level info',
        ],
        options: (c) => c.option('--concurrency <n>', 'jobs run at once (default: jobs.concurrency)', intOption(1, 64)),
      },
      async (ctx, _args, options) => {
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
          const summary = await ws.runWorker({
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
      },
    );
  },
});

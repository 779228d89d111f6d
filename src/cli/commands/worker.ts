import { defineCommand, verb } from '../define-command.js';
import { intOption } from '../parse.js';

const actions = () => import('../actions/worker.js');

/** `mlpilot worker`: runs pg-boss jobs from the shared PostgreSQL queue until SIGINT/SIGTERM. */
export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'run queued jobs from PostgreSQL (pg-boss) until stopped',
  register(program, session) {
    verb(
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
      async () => (await actions()).work,
    );
  },
});

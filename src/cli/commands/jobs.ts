import { Option } from 'commander';

import type { JobStatus } from '../../store/index.js';
import { verb, type VerbRegistrar } from '../define-command.js';
import { collect, intOption } from '../parse.js';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

const actions = () => import('../actions/jobs.js');

/** `mlpilot jobs submit|list|show|cancel`: background work (AutoML trials, training, reports). */
export const jobsVerbs: VerbRegistrar = (jobs, session) => {
  verb(
    jobs,
    session,
    {
      usage: 'submit <type>',
      summary: 'submit a job; --wait shows progress and exits with the outcome (0 ok, 1 failed, 5 cancelled)',
      examples: [
        'mlpilot jobs submit diag-work --payload \'{"rounds": 20000}\' --wait',
        'MLPILOT_JOBS_BACKEND=pg-boss MLPILOT_DATABASE_URL=postgres://… mlpilot jobs submit diag-work --json',
      ],
      options: (c) =>
        c
          .option('--payload <json>', "the job input as JSON (checked against the job type's schema)", '{}')
          .option('--wait', 'wait for the job to finish (always the case with the local backend)')
          .option('--timeout <seconds>', 'give up waiting after this many seconds', intOption(1, 7 * 24 * 3600))
          .option('--parent <id>', 'the job this one belongs to (cancelling the parent cancels it too)')
          .option('--group <name>', 'a name tying jobs together for `jobs list --group`'),
    },
    async () => (await actions()).submitJob,
  );

  verb(
    jobs,
    session,
    {
      usage: 'list',
      summary: 'list jobs, newest first',
      aliases: ['ls'],
      examples: ['mlpilot jobs list', 'mlpilot jobs list --status queued,running --type diag-work --json'],
      options: (c) =>
        c
          .addOption(
            new Option('--status <status>', `only these statuses (${STATUSES.join(', ')}; repeatable or comma-separated)`).argParser(
              collect,
            ),
          )
          .option('--type <type>', 'only jobs of this type')
          .option('--parent <id>', 'only jobs submitted by this job')
          .option('--group <name>', 'only jobs of this group')
          .option('--limit <n>', 'at most N jobs (1-1000)', intOption(1, 1000), 50),
    },
    async () => (await actions()).listJobs,
  );

  verb(
    jobs,
    session,
    {
      usage: 'show <id>',
      summary: 'show a job: status, progress, payload, result or error',
      examples: ['mlpilot jobs show JOB_ID', 'mlpilot jobs show JOB_ID --json'],
    },
    async () => (await actions()).showJob,
  );

  verb(
    jobs,
    session,
    {
      usage: 'cancel <id>',
      summary: 'cancel a job and the jobs it fanned out: queued ones at once, running ones when their handler next checks',
      examples: ['mlpilot jobs cancel JOB_ID'],
    },
    async () => (await actions()).cancelJob,
  );
};

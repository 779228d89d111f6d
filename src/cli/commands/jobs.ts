import { Option } from 'commander';

import { ExitCode } from '../../core/index.js';
import type { JobRecord, JobStatus } from '../../store/index.js';
import { arg, defineCommand, noun, verb } from '../define-command.js';
import type { CliContext } from '../context.js';
import { formatDuration, formatTime } from '../output/format.js';
import type { Output } from '../output/output.js';
import { createProgress } from '../output/progress.js';
import { collect, intOption, parseJsonOption } from '../parse.js';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

const JOB_COLUMNS = [
  { header: 'ID' },
  { header: 'TYPE' },
  { header: 'STATUS' },
  { header: 'PROGRESS', align: 'right' as const },
  { header: 'CREATED' },
  { header: 'DURATION', align: 'right' as const },
  { header: 'MESSAGE', maxWidth: 50 },
];

function jobRow(job: JobRecord, now: number, out: Output): string[] {
  const duration = job.startedAt === null ? null : (job.finishedAt ?? now) - job.startedAt;
  return [job.id, job.type, out.status(job.status), `${Math.round(job.progress * 100)}%`, formatTime(job.createdAt), formatDuration(duration), job.error?.message ?? job.progressMessage ?? ''];
}

function printJob(ctx: CliContext, job: JobRecord): void {
  ctx.out.keyValues([
    ['job', job.id],
    ['type', job.type],
    ['status', job.status],
    ['progress', `${Math.round(job.progress * 100)}%${job.progressMessage === null ? '' : ` ${job.progressMessage}`}`],
    ['attempts', job.attempts],
    ['worker', job.workerId],
    ['submitted by', job.submittedBy],
    ['parent', job.parentId],
    ['group', job.group],
    ['created', formatTime(job.createdAt)],
    ['started', formatTime(job.startedAt)],
    ['finished', formatTime(job.finishedAt)],
    ['cancel requested', job.cancelRequested ? 'yes' : null],
    ['error', job.error === null ? null : `${job.error.code}: ${job.error.message}`],
    ['payload', JSON.stringify(job.payload)],
    ['result', job.result === null ? null : JSON.stringify(job.result)],
  ]);
}

/** The exit code a finished job maps to: 0 succeeded, 1 failed, 5 cancelled (the catalog's MLP_JOB_* codes). */
export function jobExitCode(job: JobRecord): number {
  if (job.status === 'succeeded') return ExitCode.ok;
  if (job.status === 'cancelled') return ExitCode.conflict;
  return ExitCode.internal;
}

/**
 * Submits a job and either returns at once (printing how to follow it) or waits for it with a progress bar and
 * returns its exit code. The local backend runs jobs on this process's threads, so it always waits.
 */
export async function submitJob(
  ctx: CliContext,
  type: string,
  payload: unknown,
  options: { wait: boolean; timeoutSeconds?: number; parentId?: string; group?: string },
): Promise<number | undefined> {
  const ws = await ctx.workspace();
  const queue = await ws.jobs();
  const submitted = await queue.submit(
    type,
    payload,
    { ...(options.parentId === undefined ? {} : { parentId: options.parentId }), ...(options.group === undefined ? {} : { group: options.group }) },
    ctx.writeContext,
  );
  const wait = options.wait || queue.backend === 'local';
  if (!wait) {
    ctx.out.result(submitted, () => {
      ctx.out.line(`submitted job ${submitted.id} (${submitted.type}) to ${queue.backend}`);
      ctx.out.line(`follow it: mlpilot jobs show ${submitted.id}`);
    });
    return undefined;
  }
  if (!options.wait) ctx.out.note(`the ${queue.backend} backend runs jobs in this process; waiting for job ${submitted.id} to finish`);
  const progress = createProgress({ stderr: ctx.io.stderr, json: ctx.out.jsonMode, label: `${type} ${submitted.id}` });
  let finished: JobRecord;
  try {
    finished = await queue.wait(submitted.id, {
      ...(options.timeoutSeconds === undefined ? {} : { timeoutMs: options.timeoutSeconds * 1000 }),
      onProgress: (record) => progress.update(record.progress, record.progressMessage ?? record.status),
    });
  } finally {
    progress.stop();
  }
  ctx.out.result(finished, () => printJob(ctx, finished));
  return jobExitCode(finished);
}

/** `mlpilot jobs submit|list|show|cancel`: background work (AutoML trials, training, reports). */
export const jobsCommand = defineCommand({
  name: 'jobs',
  summary: 'submit, watch and cancel background jobs',
  register(program, session) {
    const jobs = noun(program, 'jobs', 'submit, watch and cancel background jobs', [
      'mlpilot jobs submit diag-work --payload \'{"rounds": 20000}\' --wait',
      'mlpilot jobs list --status running',
      'mlpilot jobs cancel JOB_ID',
    ]);

    verb<{ payload?: string; wait?: boolean; timeout?: number; parent?: string; group?: string }>(
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
            .option('--payload <json>', 'the job input as JSON (checked against the job type\'s schema)', '{}')
            .option('--wait', 'wait for the job to finish (always the case with the local backend)')
            .option('--timeout <seconds>', 'give up waiting after this many seconds', intOption(1, 7 * 24 * 3600))
            .option('--parent <id>', 'the job this one belongs to (cancelling the parent cancels it too)')
            .option('--group <name>', 'a name tying jobs together for `jobs list --group`'),
      },
      async (ctx, args, options) => {
        const payload = parseJsonOption(options.payload ?? '{}', '--payload');
        return submitJob(ctx, arg(args, 0), payload, {
          wait: options.wait === true,
          ...(options.timeout === undefined ? {} : { timeoutSeconds: options.timeout }),
          ...(options.parent === undefined ? {} : { parentId: options.parent }),
          ...(options.group === undefined ? {} : { group: options.group }),
        });
      },
    );

    verb<{ status?: string[]; type?: string; parent?: string; group?: string; limit: number }>(
      jobs,
      session,
      {
        usage: 'list',
        summary: 'list jobs, newest first',
        aliases: ['ls'],
        examples: ['mlpilot jobs list', 'mlpilot jobs list --status queued,running --type diag-work --json'],
        options: (c) =>
          c
            .addOption(new Option('--status <status>', `only these statuses (${STATUSES.join(', ')}; repeatable or comma-separated)`).argParser(collect))
            .option('--type <type>', 'only jobs of this type')
            .option('--parent <id>', 'only jobs submitted by this job')
            .option('--group <name>', 'only jobs of this group')
            .option('--limit <n>', 'at most N jobs (1-1000)', intOption(1, 1000), 50),
      },
      async (ctx, _args, options) => {
        const ws = await ctx.workspace();
        // Read the store directly: opening a local queue here would treat another process's running jobs as interrupted.
        const list = await ws.store.jobs.list({
          ...(options.status === undefined ? {} : { status: options.status as JobStatus[] }),
          ...(options.type === undefined ? {} : { type: options.type }),
          ...(options.parent === undefined ? {} : { parentId: options.parent }),
          ...(options.group === undefined ? {} : { group: options.group }),
          limit: options.limit,
        });
        ctx.out.result(list, () => ctx.out.table(JOB_COLUMNS, list.map((job) => jobRow(job, ctx.clock.now(), ctx.out)), '(no jobs)'));
      },
    );

    verb(
      jobs,
      session,
      { usage: 'show <id>', summary: 'show a job: status, progress, payload, result or error', examples: ['mlpilot jobs show JOB_ID', 'mlpilot jobs show JOB_ID --json'] },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const job = await ws.store.jobs.get(arg(args, 0));
        ctx.out.result(job, () => printJob(ctx, job));
      },
    );

    verb(
      jobs,
      session,
      {
        usage: 'cancel <id>',
        summary: 'cancel a job and the jobs it fanned out: queued ones at once, running ones when their handler next checks',
        examples: ['mlpilot jobs cancel JOB_ID'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const id = arg(args, 0);
        const job =
          ctx.config().jobs.backend === 'pg-boss' ? await (await ws.jobs()).cancel(id, ctx.writeContext) : await ws.store.jobs.requestCancel(id, ctx.writeContext);
        ctx.out.result(job, () => ctx.out.line(`job ${job.id}: ${job.status}${job.status === 'running' ? ' (cancel requested)' : ''}`));
      },
    );
  },
});

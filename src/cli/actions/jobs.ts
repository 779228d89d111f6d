import { ExitCode } from '../../core/index.js';
import type { JobRecord, JobStatus } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatDuration, formatTime } from '../output/format.js';
import type { Output } from '../output/output.js';
import type { TableColumn } from '../output/table.js';
import { parseJsonOption } from '../parse.js';

const jobColumns = (out: Output): TableColumn[] => [
  { header: 'ID' },
  { header: 'TYPE' },
  { header: 'STATUS', style: (status) => out.status(status) },
  { header: 'PROGRESS', align: 'right' as const },
  { header: 'CREATED' },
  { header: 'DURATION', align: 'right' as const },
  { header: 'MESSAGE', maxWidth: 50 },
];

function jobRow(job: JobRecord, now: number): string[] {
  const duration = job.startedAt === null ? null : (job.finishedAt ?? now) - job.startedAt;
  return [
    job.id,
    job.type,
    job.status,
    `${Math.round(job.progress * 100)}%`,
    formatTime(job.createdAt),
    formatDuration(duration),
    job.error?.message ?? job.progressMessage ?? '',
  ];
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
 * returns its exit code ({@link jobExitCode}). The local backend runs jobs on this process's threads, so it always
 * waits.
 */
export async function followJob(
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
    {
      ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
      ...(options.group === undefined ? {} : { group: options.group }),
    },
    ctx.writeContext,
  );
  // The local backend runs jobs on this process's threads: leaving would interrupt the job.
  const wait = options.wait || queue.backend === 'local';
  if (!wait) {
    ctx.out.result(submitted, () => {
      ctx.out.line(`submitted job ${submitted.id} (${submitted.type}) to ${queue.backend}`);
      ctx.out.line(`follow it: mlpilot jobs show ${submitted.id}`);
    });
    return undefined;
  }
  if (!options.wait) ctx.out.note(`the ${queue.backend} backend runs jobs in this process; waiting for job ${submitted.id} to finish`);
  // The progress bar's package loads only for a job that is waited for, not for `jobs list`/`show`.
  const { createProgress } = await import('../output/progress.js');
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

/** `mlpilot jobs submit TYPE`: submits a job; waiting, returns the exit code of its outcome. */
export async function submitJob(
  ctx: CliContext,
  args: ActionArgs,
  options: { payload?: string; wait?: boolean; timeout?: number; parent?: string; group?: string },
): Promise<number | void> {
  const payload = parseJsonOption(options.payload ?? '{}', '--payload');
  return followJob(ctx, arg(args, 0), payload, {
    wait: options.wait === true,
    ...(options.timeout === undefined ? {} : { timeoutSeconds: options.timeout }),
    ...(options.parent === undefined ? {} : { parentId: options.parent }),
    ...(options.group === undefined ? {} : { group: options.group }),
  });
}

/** `mlpilot jobs list`: jobs, newest first, read from the store. */
export async function listJobs(
  ctx: CliContext,
  _args: ActionArgs,
  options: { status?: string[]; type?: string; parent?: string; group?: string; limit: number },
): Promise<void> {
  const ws = await ctx.workspace();
  // Read the store directly: opening a local queue here would treat another process's running jobs as interrupted.
  const list = await ws.store.jobs.list({
    ...(options.status === undefined ? {} : { status: options.status as JobStatus[] }),
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.parent === undefined ? {} : { parentId: options.parent }),
    ...(options.group === undefined ? {} : { group: options.group }),
    limit: options.limit,
  });
  ctx.out.result(list, () =>
    ctx.out.table(
      jobColumns(ctx.out),
      list.map((job) => jobRow(job, ctx.clock.now())),
      '(no jobs)',
    ),
  );
}

/** `mlpilot jobs show ID`: status, progress, payload, result or error of a job. */
export async function showJob(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const job = await ws.store.jobs.get(arg(args, 0));
  ctx.out.result(job, () => printJob(ctx, job));
}

/**
 * `mlpilot jobs cancel ID`: cancels a job and its unfinished descendants (queued ones at once, running ones when
 * their handler next checks).
 */
export async function cancelJob(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const id = arg(args, 0);
  const job =
    ctx.config().jobs.backend === 'pg-boss'
      ? await (await ws.jobs()).cancel(id, ctx.writeContext)
      : await ws.store.jobs.requestCancel(id, ctx.writeContext);
  ctx.out.result(job, () => ctx.out.line(`job ${job.id}: ${job.status}${job.status === 'running' ? ' (cancel requested)' : ''}`));
}

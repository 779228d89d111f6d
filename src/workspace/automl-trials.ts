/**
 * AutoML trials as jobs, so a search fans out over worker threads (local backend) or `mlpilot worker` processes on
 * other machines (pg-boss): the `automl-trial` handler rebuilds the search's problem from the dataset version and
 * the problem spec (the same splits in every process) and runs one trial (`automl-trial-job.ts`, which only the
 * handler module imports, so this file does not depend on the workspace); the executor submits a trial and waits.
 */
import { z } from 'zod';

import type { ArtifactStore } from '../artifacts/index.js';
import { TASKS } from '../core/index.js';
import type { ProblemSpec, TrialExecutor, TrialOutcome } from '../automl/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { JobRecord, WriteContext } from '../store/index.js';

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

/** The problem a trial belongs to (see `ProblemSpec`). */
const problemSpecSchema = z
  .object({
    target: z.string().min(1),
    task: z.enum(TASKS),
    metric: z.string().min(1),
    drop: z.array(z.string()),
    validation: z
      .object({
        strategy: z.enum(['stratified', 'random', 'temporal']),
        kind: z.enum(['cv', 'holdout']),
        folds: z.number().int().min(1).max(100),
        repeats: z.number().int().min(1).max(10).optional(),
        fraction: z.number().gt(0).lt(1).optional(),
        timeColumn: z.string().min(1).optional(),
      })
      .strict(),
    seed: z.number().int().min(0),
  })
  .strict();

/** `automl-trial` payload: the dataset version, the problem and the trial. */
export const automlTrialPayloadSchema = z
  .object({
    data: z.string().min(1),
    spec: problemSpecSchema,
    request: z
      .object({
        config: z.object({ learner: z.string().min(1), params: z.record(z.string(), paramValue) }).strict(),
        rows: z.number().int().positive().optional(),
        timeMs: z.number().positive().optional(),
        threads: z.number().int().min(1).max(64),
      })
      .strict(),
  })
  .strict();

const outcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    score: z.number(),
    iterations: z.number().optional(),
    fitSeconds: z.number(),
    rows: z.number(),
    predictions: z.string().optional(),
    predictionsDigest: z.string().optional(),
  }),
  z.object({ status: z.literal('failed'), error: z.string(), fitSeconds: z.number(), rows: z.number() }),
]);

async function decodeOutcome(result: unknown, artifacts: ArtifactStore): Promise<TrialOutcome> {
  const parsed = outcomeSchema.parse(result);
  if (parsed.status === 'failed') return parsed;
  const { predictions: inline, predictionsDigest, ...rest } = parsed;
  const bytes = inline !== undefined ? Buffer.from(inline, 'base64') : await artifacts.get(predictionsDigest as string);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { ...rest, predictions: new Float64Array(copy.buffer) };
}

/** What {@link trialExecutor} submits with. */
export interface TrialExecutorOptions {
  readonly queue: JobQueue;
  readonly artifacts: ArtifactStore;
  /** Trials at once. */
  readonly slots: number;
  /** The training data as a dataset version reference. */
  readonly data: string;
  readonly spec: ProblemSpec;
  /** Group of the search's trial jobs (`automl:<parent run id>`). */
  readonly group: string;
  readonly ctx: WriteContext;
}

/** Time a trial job gets beyond its fits' shares (queueing, loading the data once per thread, predicting). */
const TRIAL_GRACE_MS = 3000;

/**
 * Runs trials as `automl-trial` jobs. A job that fails or is lost is a failed trial, and so is one that runs past its
 * shares (its fits' time shares plus a grace): it is cancelled, and its thread is terminated if it does not stop, so
 * even a learner that cannot be interrupted (a one-pass fit, a long prediction) loses only its share.
 */
export function trialExecutor(options: TrialExecutorOptions): TrialExecutor {
  const { queue, artifacts, ctx } = options;
  const v = options.spec.validation;
  const fits = v.kind === 'cv' ? v.folds * (v.repeats ?? 1) : 1;
  return {
    slots: options.slots,
    async run(request) {
      const job = await queue.submit('automl-trial', { data: options.data, spec: options.spec, request }, { group: options.group }, ctx);
      const limit = request.timeMs === undefined ? undefined : request.timeMs * fits + TRIAL_GRACE_MS;
      // The share counts from when a worker starts the job, not from its submission (a cold thread starts slowly).
      let timer: NodeJS.Timeout | undefined;
      let onRunning: (record: JobRecord) => void = () => undefined;
      const overran = new Promise<'overran'>((resolve) => {
        onRunning = (record) => {
          if (limit !== undefined && timer === undefined && record.status === 'running')
            timer = setTimeout(() => resolve('overran'), limit);
        };
      });
      const finished = queue.wait(job.id, { pollIntervalMs: 25, onProgress: (record) => onRunning(record) });
      const done = await Promise.race([finished, overran]).finally(() => clearTimeout(timer));
      if (done === 'overran') {
        await queue.cancel(job.id, ctx);
        await finished.catch(() => undefined);
        const seconds = (limit as number) / 1000;
        return { status: 'failed', error: `overran its share of ${seconds.toFixed(1)} s`, fitSeconds: seconds, rows: request.rows ?? 0 };
      }
      if (done.status !== 'succeeded') {
        const error = `trial job ${job.id} ${done.status}: ${done.error?.message ?? 'no result'}`;
        return { status: 'failed', error, fitSeconds: 0, rows: 0 };
      }
      return decodeOutcome(done.result, artifacts);
    },
  };
}

import { existsSync } from 'node:fs';

import type { Task } from '../../core/index.js';
import { parseParamAssignments, trainData, type TrainRequest, type TrainResult } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { followJob } from './jobs.js';

interface TrainOptions {
  data: string;
  target: string;
  learner: string;
  param?: string[];
  model?: string;
  experiment?: string;
  holdout?: number;
  cv?: number;
  timeColumn?: string;
  groupColumn?: string;
  task?: Task;
  seed?: number;
  threads?: number;
  detach?: boolean;
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(5);
}

/**
 * `mlpilot train`: fits, evaluates and registers a model as a tracked run, in this process with a progress bar, or
 * as a `train` job with `--detach`.
 */
export async function train(ctx: CliContext, _args: ActionArgs, options: TrainOptions): Promise<number | void> {
  const ws = await ctx.workspace();
  const request: TrainRequest = {
    ...trainData(options.data, ctx.resolvePath(options.data), existsSync),
    target: options.target,
    learner: options.learner,
    params: parseParamAssignments(options.param ?? []),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
    ...(options.holdout === undefined ? {} : { holdout: options.holdout }),
    ...(options.cv === undefined ? {} : { cv: options.cv }),
    ...(options.timeColumn === undefined ? {} : { timeColumn: options.timeColumn }),
    ...(options.groupColumn === undefined ? {} : { groupColumn: options.groupColumn }),
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  };
  if (options.detach === true) return followJob(ctx, 'train', await ws.training.jobPayload(request, ctx.writeContext), { wait: false });
  ctx.out.note(`training ${options.learner} on ${options.data}…`);
  const { createProgress } = await import('../output/progress.js');
  const progress = createProgress({ stderr: ctx.io.stderr, json: ctx.out.jsonMode, label: `train ${options.learner}` });
  let result: TrainResult;
  try {
    result = await ws.training.train(request, ctx.writeContext, { progress: (fraction) => progress.update(fraction) });
  } finally {
    progress.stop();
  }
  ctx.out.result(result, () => {
    const mv = result.modelVersion;
    const d = result.dataset;
    ctx.out.line(`✓ trained ${options.learner} (${result.task}) on ${d.datasetName}@${d.version}, run ${result.runId}`);
    ctx.out.line(`✓ registered model ${mv.modelName}@${mv.version} (bundle ${mv.bundleDigest.slice(0, 12)})`);
    const e = result.evaluation;
    const split = e.strategy === 'temporal' ? `, by time column ${e.column}` : e.strategy === 'grouped' ? `, grouped by ${e.column}` : '';
    const how = e.kind === 'cv' ? `${e.folds}-fold CV means${split}` : `holdout of ${e.testRows} rows${split}`;
    ctx.out.line(`\nMetrics (${how}; primary: ${result.primaryMetric})`);
    ctx.out.table(
      [{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }],
      Object.entries(result.metrics).map(([k, v]) => [k, formatMetric(v)]),
    );
    for (const [metric, why] of Object.entries(result.skipped)) ctx.out.note(`${metric} left out: ${why}`);
    ctx.out.line(`\nNext: mlpilot predict --model ${mv.modelName}@${mv.version} --data FILE --out predictions.csv`);
  });
}

import { existsSync } from 'node:fs';

import { type SplitMode, type Task, UsageError } from '../../core/index.js';
import { parseParamAssignments, trainData, type TrainRequest, type TrainResult } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { followJob } from './jobs.js';

interface TrainOptions {
  data: string;
  delimiter?: string;
  target: string;
  learner: string;
  param?: string[];
  model?: string;
  experiment?: string;
  holdout?: number;
  cv?: number;
  timeColumn?: string;
  groupColumn?: string;
  split?: SplitMode;
  task?: Task;
  positiveClass?: string;
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
  const data = trainData(options.data, ctx.resolvePath(options.data), existsSync);
  if (options.delimiter !== undefined && 'data' in data) {
    throw UsageError({ problem: `--delimiter applies to a data file; ${options.data} is a dataset version, read as it was registered` });
  }
  const request: TrainRequest = {
    ...('file' in data && options.delimiter !== undefined ? { ...data, delimiter: options.delimiter } : data),
    target: options.target,
    learner: options.learner,
    params: parseParamAssignments(options.param ?? []),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
    ...(options.holdout === undefined ? {} : { holdout: options.holdout }),
    ...(options.cv === undefined ? {} : { cv: options.cv }),
    ...(options.timeColumn === undefined ? {} : { timeColumn: options.timeColumn }),
    ...(options.groupColumn === undefined ? {} : { groupColumn: options.groupColumn }),
    ...(options.split === undefined ? {} : { split: options.split }),
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.positiveClass === undefined ? {} : { positiveClass: options.positiveClass }),
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
  ctx.out.result(result, () => printResult(ctx, options.learner, result));
}

/** How the model was evaluated, in words: the holdout or folds, the split, and why that split was chosen. */
function describeEvaluation(result: TrainResult): string {
  const e = result.evaluation;
  if (e.kind === 'none') return 'none (--holdout 0)';
  const how = e.kind === 'cv' ? `${e.folds}-fold cross-validation` : `holdout of ${e.testRows} rows`;
  const split =
    e.strategy === 'temporal'
      ? `by time column ${e.column}`
      : e.strategy === 'grouped'
        ? `grouped by ${e.column}`
        : `at random${e.strategy === 'stratified' ? ' (stratified by class)' : ''}`;
  const hint = e.strategy === 'temporal' && result.splitReason !== undefined ? '; --split random to split at random' : '';
  return `${how}, split ${split}${result.splitReason === undefined ? '' : `: ${result.splitReason}`}${hint}`;
}

function printResult(ctx: CliContext, learner: string, result: TrainResult): void {
  const mv = result.modelVersion;
  const d = result.dataset;
  ctx.out.line(`✓ trained ${learner} (${result.task}) on ${d.datasetName}@${d.version}, run ${result.runId}`);
  ctx.out.line(
    result.taskReason === undefined
      ? `  task ${result.task}: given with --task`
      : `  task ${result.task}, inferred from the target: ${result.taskReason} (--task to override)`,
  );
  if (result.positiveClass !== undefined)
    ctx.out.line(`  positive class: ${result.positiveClass} (ROC AUC and F1 treat it as positive; --positive-class to choose)`);
  const e = result.evaluation;
  const fitted = result.fittedOn.allRows
    ? `fitted on all ${result.fittedOn.rows} rows${e.kind === 'none' ? '' : ' after evaluation'}`
    : `fitted on ${result.fittedOn.rows} training rows`;
  ctx.out.line(`✓ registered model ${mv.modelName}@${mv.version} (bundle ${mv.bundleDigest.slice(0, 12)}), ${fitted}`);
  ctx.out.line(`\nEvaluation: ${describeEvaluation(result)}`);
  if (e.kind === 'none') {
    ctx.out.line('The model has no metrics; evaluate it with --holdout 0.2 or --cv 5.');
  } else if (result.metricsStd === undefined) {
    ctx.out.line(`Metrics (primary: ${result.primaryMetric})`);
    ctx.out.table(
      [{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }],
      Object.entries(result.metrics).map(([k, v]) => [k, formatMetric(v)]),
    );
  } else {
    const std = result.metricsStd;
    ctx.out.line(`Metrics over the folds (primary: ${result.primaryMetric}; std: population standard deviation)`);
    ctx.out.table(
      [{ header: 'METRIC' }, { header: 'MEAN', align: 'right' }, { header: 'STD', align: 'right' }],
      Object.entries(result.metrics).map(([k, v]) => [k, formatMetric(v), std[k] === undefined ? '' : formatMetric(std[k])]),
    );
  }
  for (const [metric, why] of Object.entries(result.skipped)) ctx.out.note(`${metric} left out: ${why}`);
  ctx.out.line(`\nNext: mlpilot predict --model ${mv.modelName}@${mv.version} --data FILE --out predictions.csv`);
}

import type { Task } from '../../ml/index.js';
import { parseParamAssignments } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';

interface TrainOptions {
  data: string;
  target: string;
  learner: string;
  param?: string[];
  model?: string;
  experiment?: string;
  holdout?: number;
  cv?: number;
  task?: Task;
  seed?: number;
  threads?: number;
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(5);
}

/** `mlpilot train`: fits, evaluates and registers a model as a tracked run. */
export async function train(ctx: CliContext, _args: ActionArgs, options: TrainOptions): Promise<void> {
  const ws = await ctx.workspace();
  ctx.out.note(`training ${options.learner} on ${options.data}…`);
  const result = await ws.training.train(
    {
      data: options.data,
      target: options.target,
      learner: options.learner,
      params: parseParamAssignments(options.param ?? []),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
      ...(options.holdout === undefined ? {} : { holdout: options.holdout }),
      ...(options.cv === undefined ? {} : { cv: options.cv }),
      ...(options.task === undefined ? {} : { task: options.task }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    },
    ctx.writeContext,
  );
  ctx.out.result(result, () => {
    const mv = result.modelVersion;
    const d = result.dataset;
    ctx.out.line(`✓ trained ${options.learner} (${result.task}) on ${d.datasetName}@${d.version}, run ${result.runId}`);
    ctx.out.line(`✓ registered model ${mv.modelName}@${mv.version} (bundle ${mv.bundleDigest.slice(0, 12)})`);
    const how = result.evaluation.kind === 'cv' ? `${result.evaluation.folds}-fold CV means` : `holdout of ${result.evaluation.testRows} rows`;
    ctx.out.line(`\nMetrics (${how}; primary: ${result.primaryMetric})`);
    ctx.out.table([{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }], Object.entries(result.metrics).map(([k, v]) => [k, formatMetric(v)]));
    ctx.out.line(`\nNext: mlpilot predict --model ${mv.modelName}@${mv.version} --data FILE --out predictions.csv`);
  });
}

import { InvalidArgumentError } from 'commander';

import { existsSync } from 'node:fs';

import type { Task } from '../../ml/index.js';
import { parseParamAssignments, trainData, type TrainRequest, type TrainResult } from '../../workspace/index.js';
import { defineCommand, verb } from '../define-command.js';
import { createProgress } from '../output/progress.js';
import { submitJob } from './jobs.js';
import { collect, intOption } from '../parse.js';

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

function fraction(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('expected a fraction between 0 and 1, e.g. 0.2.');
  return n;
}

function task(value: string): Task {
  if (value !== 'regression' && value !== 'binary' && value !== 'multiclass') throw new InvalidArgumentError('expected regression, binary or multiclass.');
  return value;
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(5);
}

/** `mlpilot train`: fit, evaluate and register a model as a tracked run. */
export const trainCommand = defineCommand({
  name: 'train',
  summary: 'train, evaluate and register a model as a tracked run',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'train',
        summary: 'train a model on a dataset version or a data file, evaluate it on a holdout (or CV) and register it',
        examples: [
          'mlpilot train --data iris@1 --target species',
          'mlpilot train --data flights.csv --target delay --learner gbdt --param numRounds=200 --param learningRate=0.1',
          'mlpilot train --data penguins@latest --target Species --learner linear --cv 5 --model penguins-clf --json',
          'mlpilot train --data sales@3 --target units --time-column date --cv 4',
          'mlpilot train --data churn@2 --target churned --detach',
        ],
        options: (c) =>
          c
            .requiredOption('--data <ref|file>', 'dataset version (NAME[@VERSION]) or a CSV/TSV/JSONL/Parquet file (registered as a dataset)')
            .requiredOption('--target <column>', 'the column to predict')
            .option('--learner <id>', 'learner id (see `mlpilot learners list`)', 'gbdt')
            .option('--param <key=value>', 'a hyperparameter (repeatable), e.g. numRounds=200', collect)
            .option('--model <name>', 'registered model name (default: <dataset>-<learner>)')
            .option('--experiment <name>', 'experiment of the run (default: train)')
            .option('--holdout <fraction>', 'fraction of rows held out for evaluation (default 0.2)', fraction)
            .option('--cv <folds>', 'k-fold cross-validation instead of a holdout', intOption(2, 100))
            .option('--time-column <column>', 'split by time: train on the past, validate on the latest rows (temporal folds with --cv)')
            .option('--group-column <column>', 'keep the rows of each value of this column on one side of every split (not a feature)')
            .option('--task <task>', 'regression, binary or multiclass (default: inferred from the target)', task)
            .option('--seed <n>', 'seed of the split and the learner (default 0)', intOption(0, 2 ** 31 - 1))
            .option('--threads <n>', 'threads for learners that use them (default 1)', intOption(1, 64))
            .option('--detach', 'run as a `train` job and return its id (the local backend still waits: its jobs run in this process)'),
      },
      async (ctx, _args, options: TrainOptions) => {
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
        if (options.detach === true) {
          return submitJob(ctx, 'train', await ws.training.jobPayload(request, ctx.writeContext), { wait: false });
        }
        ctx.out.note(`training ${options.learner} on ${options.data}…`);
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
          ctx.out.table([{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }], Object.entries(result.metrics).map(([k, v]) => [k, formatMetric(v)]));
          for (const [metric, why] of Object.entries(result.skipped)) ctx.out.note(`${metric} left out: ${why}`);
          ctx.out.line(`\nNext: mlpilot predict --model ${mv.modelName}@${mv.version} --data FILE --out predictions.csv`);
        });
      },
    );

  },
});

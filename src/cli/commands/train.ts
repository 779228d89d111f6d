import { InvalidArgumentError } from 'commander';

import { SPLIT_MODES, type SplitMode, type Task, TASKS } from '../../core/index.js';
import { defineCommand, verb } from '../define-command.js';
import { collect, DELIMITER_HELP, delimiterOption, intOption } from '../parse.js';

function fraction(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a fraction from 0 (no evaluation) to below 1, e.g. 0.2.');
  return n;
}

function splitMode(value: string): SplitMode {
  const found = SPLIT_MODES.find((m) => m === value);
  if (found === undefined) throw new InvalidArgumentError(`expected ${SPLIT_MODES.join(' or ')}.`);
  return found;
}

function task(value: string): Task {
  const found = TASKS.find((t) => t === value);
  if (found === undefined) throw new InvalidArgumentError(`expected ${TASKS.slice(0, -1).join(', ')} or ${TASKS.at(-1)}.`);
  return found;
}

const actions = () => import('../actions/train.js');

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
          'mlpilot train --data credit.csv --target class --positive-class bad --split random',
          'mlpilot train --data winequality.csv --target quality --task regression',
          'mlpilot train --data iris@1 --target species --holdout 0',
          'mlpilot train --data churn@2 --target churned --detach',
        ],
        options: (c) =>
          c
            .requiredOption(
              '--data <ref|file>',
              'dataset version (NAME[@VERSION]) or a CSV/TSV/JSONL/Parquet file (registered as a dataset)',
            )
            .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
            .requiredOption('--target <column>', 'the column to predict')
            .option('--learner <id>', 'learner id (see `mlpilot learners list`)', 'gbdt')
            .option('--param <key=value>', 'a hyperparameter (repeatable), e.g. numRounds=200', collect)
            .option('--model <name>', 'registered model name (default: <dataset>-<learner>)')
            .option('--experiment <name>', 'experiment of the run (default: train)')
            .option(
              '--holdout <fraction>',
              'fraction of rows held out for evaluation (default 0.2; 0: no evaluation); the model is then fitted on all rows',
              fraction,
            )
            .option(
              '--cv <folds>',
              'k-fold cross-validation instead of a holdout (metrics: mean and std over the folds)',
              intOption(2, 100),
            )
            .option('--time-column <column>', 'split by time: train on the past, validate on the latest rows (temporal folds with --cv)')
            .option('--group-column <column>', 'keep the rows of each value of this column on one side of every split (not a feature)')
            .option('--split <mode>', 'auto (default: by time when the data has one date/time column) or random', splitMode)
            .option('--task <task>', 'regression, binary or multiclass (default: inferred from the target, and printed)', task)
            .option('--positive-class <label>', 'the class ROC AUC and F1 treat as positive (binary; default the second sorted label)')
            .option('--seed <n>', 'seed of the split and the learner (default 0)', intOption(0, 2 ** 31 - 1))
            .option('--threads <n>', 'threads for learners that use them (default 1)', intOption(1, 64))
            .option('--detach', 'run as a `train` job and return its id (the local backend still waits: its jobs run in this process)'),
      },
      async () => (await actions()).train,
    );
  },
});

import { InvalidArgumentError } from 'commander';

import { type Task, TASKS } from '../../core/index.js';
import { defineCommand, verb } from '../define-command.js';
import { DELIMITER_HELP, delimiterOption, intOption } from '../parse.js';

function task(value: string): Task {
  const found = TASKS.find((t) => t === value);
  if (found === undefined) throw new InvalidArgumentError(`expected ${TASKS.slice(0, -1).join(', ')} or ${TASKS.at(-1)}.`);
  return found;
}

function seconds(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n > 0) || !Number.isFinite(n) || n > 86_400)
    throw new InvalidArgumentError('expected a number of seconds above 0 (at most 86400).');
  return n;
}

const actions = () => import('../actions/automl.js');

/** `mlpilot automl`: search learners, hyperparameters, preprocessing and an ensemble within a time budget. */
export const automlCommand = defineCommand({
  name: 'automl',
  summary: 'search learners, hyperparameters and an ensemble within a time budget, and keep the best model',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'automl',
        summary:
          'search learners, hyperparameters and preprocessing (TPE, cost-aware, successive halving), ensemble the best, and track every trial',
        examples: [
          'mlpilot automl --train credit.csv --target class --budget 60',
          'mlpilot automl --train flights@2 --target delay --time-column date --workers 2 --register flights-delay',
          'mlpilot automl --train train.csv --test test.csv --target species --report automl.html --json',
          'mlpilot automl --train iris@1 --target species --max-trials 20 --seed 1',
        ],
        options: (c) =>
          c
            .requiredOption(
              '--train <ref|file>',
              'training data: dataset version (NAME[@VERSION]) or a CSV/TSV/JSONL/Parquet file (registered)',
            )
            .requiredOption('--target <column>', 'the column to predict')
            .option('--test <ref|file>', 'rows scored after the search (never used to choose anything); needs the training columns')
            .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
            .option('--task <task>', 'regression, binary or multiclass (default: inferred from the target)', task)
            .option(
              '--metric <id>',
              'metric to optimise: roc_auc, log_loss, rmse, accuracy, f1, mae, r2, … (default: roc_auc binary, log_loss multiclass, rmse regression)',
            )
            .option(
              '--time-column <column>',
              'validate by time: train on the past, validate on the latest rows (default: the only date/time column)',
            )
            .option('--budget <seconds>', 'wall-clock seconds for everything: search, ensemble, refit, test (default 60)', seconds)
            .option(
              '--workers <n>',
              'trials at once: worker threads, or `mlpilot worker`s with jobs.backend pg-boss (default 1)',
              intOption(1, 64),
            )
            .option('--threads <n>', 'threads each trial may use (default: the cores divided among the workers)', intOption(1, 64))
            .option('--seed <n>', 'seed of the splits, the optimiser and the learners (default 0)', intOption(0, 2 ** 31 - 1))
            .option(
              '--max-trials <n>',
              'stop after this many trials; with the same seed and workers: the same trials and model',
              intOption(1, 100_000),
            )
            .option('--experiment <name>', 'experiment of the runs (default: automl)')
            .option('--register <name>', 'register the final model under this name')
            .option(
              '--report <file.html>',
              'write the self-contained HTML report (leaderboard, score vs time, ensemble, importance, data notes)',
            ),
      },
      async () => (await actions()).automl,
    );
  },
});

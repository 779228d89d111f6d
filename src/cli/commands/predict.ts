import { Option } from 'commander';

import type { PredictionFormat } from '../../workspace/index.js';
import { defineCommand, verb } from '../define-command.js';
import { DELIMITER_HELP, delimiterOption, intOption } from '../parse.js';

const actions = () => import('../actions/predict.js');

/** What `--format` accepts: the workspace's PREDICTION_FORMATS (a type-only import keeps the definition light). */
const FORMATS = ['csv', 'tsv', 'jsonl'] as const satisfies readonly PredictionFormat[];

/** `mlpilot predict`: batch-score a data file with a registered model version. */
export const predictCommand = defineCommand({
  name: 'predict',
  summary: 'score a data file with a registered model version and write the predictions (CSV, TSV or JSON lines)',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'predict',
        summary: 'score a data file with a registered model version and write the predictions (CSV, TSV or JSON lines)',
        examples: [
          'mlpilot predict --model iris-gbdt@champion --data new.csv --out predictions.csv',
          'mlpilot predict --model churn@3 --data batch.parquet --out scores.csv --threads 2 --json',
          'mlpilot predict --model churn@3 --data batch.csv --out scores.jsonl',
          'mlpilot predict --model churn@3 --data batch.csv --out scores.csv --log --id-column request_id',
        ],
        options: (c) =>
          c
            .requiredOption('--model <ref>', 'NAME@VERSION, NAME@ALIAS or NAME (latest)')
            .requiredOption('--data <file>', "CSV, TSV, JSON-lines or Parquet file with the model's input columns")
            .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
            .requiredOption('--out <file>', 'where to write the predictions: prediction[, proba_<class>…]; .csv, .tsv or .jsonl (.gz too)')
            .addOption(new Option('--format <format>', 'output format (default: from the --out extension)').choices(FORMATS))
            .option('--threads <n>', 'threads for models that use them on large batches (gbdt; default 1)', intOption(1, 64))
            .option('--log', 'also log the batch for monitoring (default: the monitor.logPredictions setting)')
            .option('--no-log', 'do not log the batch, whatever monitor.logPredictions says')
            .option(
              '--id-column <name>',
              "with --log: the column holding each row's prediction id (not logged as an input); default: ids made from the model version, the data's sha256 and the row number",
            ),
      },
      async () => (await actions()).predict,
    );
  },
});

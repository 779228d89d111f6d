import { defineCommand, verb } from '../define-command.js';
import { DELIMITER_HELP, delimiterOption, intOption } from '../parse.js';

const actions = () => import('../actions/predict.js');

/** `mlpilot predict`: batch-score a data file with a registered model version. */
export const predictCommand = defineCommand({
  name: 'predict',
  summary: 'score a data file with a registered model version and write the predictions as CSV',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'predict',
        summary: 'score a data file with a registered model version and write the predictions as CSV',
        examples: [
          'mlpilot predict --model iris-gbdt@champion --data new.csv --out predictions.csv',
          'mlpilot predict --model churn@3 --data batch.parquet --out scores.csv --threads 2 --json',
        ],
        options: (c) =>
          c
            .requiredOption('--model <ref>', 'NAME@VERSION, NAME@ALIAS or NAME (latest)')
            .requiredOption('--data <file>', "CSV, TSV, JSON-lines or Parquet file with the model's input columns")
            .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
            .requiredOption('--out <file>', 'where to write the predictions (CSV: prediction[, proba_<class>…])')
            .option('--threads <n>', 'threads for models that use them on large batches (gbdt; default 1)', intOption(1, 64)),
      },
      async () => (await actions()).predict,
    );
  },
});

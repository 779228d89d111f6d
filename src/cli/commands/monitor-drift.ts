import { InvalidArgumentError } from 'commander';

import { verb, type VerbRegistrar } from '../define-command.js';
import { collect, DELIMITER_HELP, delimiterOption } from '../parse.js';

const driftActions = () => import('../actions/monitor-drift.js');

function number(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a finite number ≥ 0.');
  return n;
}

function share(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('expected a share above 0, at most 1.');
  return n;
}

/** `mlpilot monitor drift|methods`: drift between a reference and current data, and the methods it uses. */
export const monitorDriftVerbs: VerbRegistrar = (monitor, session) => {
  verb(
    monitor,
    session,
    {
      usage: 'drift',
      summary:
        'compare current data with a reference column by column (methods chosen as Evidently does, Benjamini–Hochberg across p-values); exit 10 on dataset drift',
      examples: [
        'mlpilot monitor drift --reference iris@1 --current new-iris.csv',
        'mlpilot monitor drift --reference train.csv --current week-12.csv --report drift.html',
        'mlpilot monitor drift --reference flights@1 --current flights@2 --columns dep_delay,carrier --method psi --threshold 0.2',
        'mlpilot monitor drift --reference train.csv --current today.csv --method domain-classifier --json',
        'mlpilot monitor drift --current window:churn:daily',
        'mlpilot monitor drift --reference churn-train@2 --current window:churn@3:hourly:2026-03-01T10:00:00Z --report drift.html',
        'mlpilot monitor drift --current window:churn:rows:5000 --method psi',
      ],
      options: (c) =>
        c
          .option(
            '--reference <ref|file|window>',
            'the baseline: dataset version (NAME[@VERSION]), a CSV/TSV/JSONL/Parquet file (read, not registered) or a window; ' +
              "default for a window as --current: its model version's training data",
          )
          .requiredOption(
            '--current <ref|file|window>',
            'the data to check: dataset version, file, or window:MODEL[@VERSION]:KIND[:START] (KIND hourly|daily|rows:N, START an ' +
              'ISO 8601 instant; default the latest window with predictions) — the inputs of its logged predictions',
          )
          .option('--columns <a,b>', 'columns to compare (default: every numeric, categorical and boolean column on both sides)', collect)
          .option(
            '--method <id>',
            'method for every column (default: chosen per column); a multivariate one (domain-classifier) runs on all columns together',
          )
          .option(
            '--threshold <x>',
            "threshold for every column (default: the method's; p-value methods drift below it, distances at or above)",
            number,
          )
          .option('--drift-share <share>', 'share of drifted columns at which the dataset drifts (default 0.5)', share)
          .option('--no-correction', 'decide p-value columns on raw p-values (default: Benjamini–Hochberg adjusted)')
          .option('--delimiter <char>', DELIMITER_HELP, delimiterOption)
          .option('--report <file.html>', 'write the self-contained HTML report (both distributions per column, most drifted first)'),
    },
    async () => (await driftActions()).drift,
  );

  verb(
    monitor,
    session,
    {
      usage: 'methods',
      summary: 'list the drift methods: id, kind (p-value or distance), default threshold, column types',
      examples: ['mlpilot monitor methods', 'mlpilot monitor methods --json'],
    },
    async () => (await driftActions()).methods,
  );
};

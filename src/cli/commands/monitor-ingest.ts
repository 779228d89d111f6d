import { Option } from 'commander';

import { verb, type VerbRegistrar } from '../define-command.js';
import { intOption } from '../parse.js';

const actions = () => import('../actions/monitor-ingest.js');

/** The window kinds `monitor windows --kind` accepts (the monitor's WINDOW_KINDS; listed here to keep definitions light). */
const KINDS = ['hourly', 'daily', 'rows'] as const;

/** `mlpilot monitor ingest|windows|models|prune`: prediction and label ingestion for monitoring. */
export const monitorIngestVerbs: VerbRegistrar = (monitor, session) => {
  verb(
    monitor,
    session,
    {
      usage: 'ingest',
      summary: 'upload predictions and/or labels from JSON-lines files (idempotent by prediction id)',
      examples: [
        'mlpilot monitor ingest --model churn --predictions predictions.jsonl',
        'mlpilot monitor ingest --model churn --labels labels.jsonl --json',
      ],
      options: (c) =>
        c
          .requiredOption('--model <name>', 'the model the predictions belong to')
          .option('--predictions <file>', 'JSON lines of {"id", "timestamp", "inputs", "outputs", "version"?}')
          .option('--labels <file>', 'JSON lines of {"id", "label", "timestamp"?} (joined to predictions by id)'),
    },
    async () => (await actions()).ingest,
  );

  verb(
    monitor,
    session,
    {
      usage: 'windows',
      summary: "list a model's prediction windows (hourly, daily or N rows) with counts and labelled counts",
      examples: [
        'mlpilot monitor windows --model churn --kind daily',
        'mlpilot monitor windows --model churn --kind rows --size 500 --json',
      ],
      options: (c) =>
        c
          .requiredOption('--model <name>', 'the model')
          .addOption(new Option('--kind <kind>', 'window kind').choices([...KINDS]).default('daily'))
          .option('--size <n>', 'hours or days per window (default 1), rows per row window (default 1000)', intOption(1, 10_000_000))
          .option('--from <when>', 'start: a date, a date-time with a zone, or a duration back from now (7d)')
          .option('--to <when>', 'end (exclusive), same forms; default now'),
    },
    async () => (await actions()).windows,
  );

  verb(
    monitor,
    session,
    {
      usage: 'models',
      summary: 'models with monitoring data: stored predictions and labels, orphan labels, ingestion counters',
      examples: ['mlpilot monitor models', 'mlpilot monitor models --model churn --json'],
      options: (c) => c.option('--model <name>', 'only this model'),
    },
    async () => (await actions()).models,
  );

  verb(
    monitor,
    session,
    {
      usage: 'prune',
      summary: 'delete predictions and labels older than monitor.retentionDays',
      examples: ['mlpilot monitor prune', 'MLPILOT_MONITOR_RETENTION_DAYS=7 mlpilot monitor prune --json'],
    },
    async () => (await actions()).prune,
  );
};

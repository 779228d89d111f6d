import { Option } from 'commander';

import { verb, type VerbRegistrar } from '../define-command.js';
import { collect, intOption } from '../parse.js';

const actions = () => import('../actions/monitor-performance.js');

/** The window kinds (the monitor's WINDOW_KINDS; listed here to keep definitions light). */
const KINDS = ['hourly', 'daily', 'rows'] as const;

/** `mlpilot monitor performance`: realised and estimated performance per window against the version's baseline. */
export const monitorPerformanceVerbs: VerbRegistrar = (monitor, session) => {
  verb(
    monitor,
    session,
    {
      usage: 'performance',
      summary: "a model version's performance per window: realised ± CI where labels arrived, CBPE/DLE estimate ± SE, baseline band, flag",
      examples: [
        'mlpilot monitor performance --model churn --window daily',
        'mlpilot monitor performance --model churn@3 --window rows --size 500 --json',
        'mlpilot monitor performance --model churn --reference churn-holdout@1 --metric accuracy',
      ],
      options: (c) =>
        c
          .requiredOption('--model <name[@version]>', 'the model and version or alias (default: the latest version)')
          .addOption(new Option('--window <kind>', 'window kind').choices([...KINDS]).default('daily'))
          .option('--size <n>', 'hours or days per window (default 1), rows per row window (default 1000)', intOption(1, 10_000_000))
          .option('--from <when>', 'start: a date, a date-time with a zone, or a duration back from now (7d)')
          .option('--to <when>', 'end (exclusive), same forms; default now')
          .option(
            '--metric <id>',
            'a metric (repeatable): accuracy, error-rate, roc-auc, f1, log-loss, rmse, mae, r2 (default: what CBPE or DLE estimates)',
            collect,
          )
          .option(
            '--reference <name@version>',
            "a labelled dataset version the model was not trained on, as the reference (default: the version's validation rows)",
          )
          .option('--reference-target <column>', "the reference's label column (default: the model's target)"),
    },
    async () => (await actions()).performance,
  );
};

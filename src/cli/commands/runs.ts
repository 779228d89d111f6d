import { verb, type VerbRegistrar } from '../define-command.js';
import { collect, intOption } from '../parse.js';

const actions = () => import('../actions/runs.js');

const COLUMNS_HELP =
  'table columns instead of STARTED, DURATION and METRICS: metrics.KEY, params.KEY, tags.KEY or attributes.NAME, comma-separated or repeated (the sort key always gets a column)';

/** `mlpilot runs list|show|search|compare|delete|restore|tag`: tracked training runs. */
export const runsVerbs: VerbRegistrar = (runs, session) => {
  verb(
    runs,
    session,
    {
      usage: 'list',
      summary: 'list the most recent runs',
      aliases: ['ls'],
      examples: [
        'mlpilot runs list',
        'mlpilot runs list --experiment quickstart --limit 5 --json',
        'mlpilot runs list --columns metrics.rmse,params.max_depth',
      ],
      options: (c) =>
        c
          .option('--experiment <name>', 'only runs of this experiment (name or id)')
          .option('--limit <n>', 'at most N runs (1-1000)', intOption(1, 1000), 20)
          .option('--columns <keys>', COLUMNS_HELP, collect),
    },
    async () => (await actions()).listRuns,
  );

  verb(
    runs,
    session,
    {
      usage: 'show <id>',
      summary: 'show a run: params, latest metrics, tags, inputs, git commit and artifacts',
      examples: ['mlpilot runs show 01JD3Z8Q6W9X', 'mlpilot runs show 01JD3Z8Q6W9X --json'],
    },
    async () => (await actions()).showRun,
  );

  verb(
    runs,
    session,
    {
      usage: 'search',
      summary: 'search runs with a filter expression (parsed, never concatenated into SQL)',
      examples: [
        `mlpilot runs search --filter "metrics.auc > 0.8 and params.lr = '0.1'"`,
        'mlpilot runs search --filter "attributes.status = \'finished\'" --order-by "metrics.auc desc" --max-results 10',
        'mlpilot runs search --page-token TOKEN --json',
        'mlpilot runs search --order-by "metrics.rmse asc" --columns params.learner,tags.team',
      ],
      options: (c) =>
        c
          .option('--filter <expr>', "e.g. \"metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'x'\"")
          .option('--order-by <clause>', 'e.g. "metrics.auc desc" (repeatable)', (v: string, prev: string[] | undefined) => [
            ...(prev ?? []),
            v,
          ])
          .option('--max-results <n>', 'page size (1-1000)', intOption(1, 1000), 100)
          .option('--page-token <token>', 'the next-page token printed by the previous page')
          .option('--experiment <name>', 'only runs of this experiment (name or id)')
          .option('--include-deleted', 'include deleted runs')
          .option('--columns <keys>', COLUMNS_HELP, collect),
    },
    async () => (await actions()).searchRuns,
  );

  verb(
    runs,
    session,
    {
      usage: 'compare <ids...>',
      summary: 'side-by-side params and latest metrics of two or more runs',
      examples: ['mlpilot runs compare RUN_A RUN_B', 'mlpilot runs compare RUN_A RUN_B RUN_C --json'],
    },
    async () => (await actions()).compareRuns,
  );

  verb(
    runs,
    session,
    {
      usage: 'delete <id>',
      summary: 'soft-delete a run (still found with runs search --include-deleted; it takes no writes until restored)',
      examples: ['mlpilot runs delete 01JD3Z8Q6W9X'],
    },
    async () => (await actions()).deleteRun,
  );

  verb(
    runs,
    session,
    {
      usage: 'restore <id>',
      summary: 'restore a deleted run: it is found by list and search again and takes writes again',
      examples: ['mlpilot runs restore 01JD3Z8Q6W9X', 'mlpilot runs restore 01JD3Z8Q6W9X --json'],
    },
    async () => (await actions()).restoreRun,
  );

  verb(
    runs,
    session,
    {
      usage: 'tag <id> <key> <value>',
      summary: 'set a tag on a run (an ended run too; a deleted run refuses it)',
      examples: ['mlpilot runs tag 01JD3Z8Q6W9X reviewed yes', 'mlpilot runs tag 01JD3Z8Q6W9X note "baseline for Q3" --json'],
    },
    async () => (await actions()).tagRun,
  );
};

import { arg, defineCommand, noun, verb } from '../define-command.js';
import { formatRecord, formatTime } from '../output/format.js';

/** `mlpilot experiments list|create|delete`: groups of runs. */
export const experimentsCommand = defineCommand({
  name: 'experiments',
  summary: 'list, create and delete experiments (groups of runs)',
  register(program, session) {
    const experiments = noun(program, 'experiments', 'list, create and delete experiments (groups of runs)', [
      'mlpilot experiments list',
      'mlpilot experiments create churn --description "monthly churn model"',
    ]);

    verb<{ all?: boolean }>(
      experiments,
      session,
      {
        usage: 'list',
        summary: 'list experiments',
        aliases: ['ls'],
        examples: ['mlpilot experiments list', 'mlpilot experiments list --all --json'],
        options: (c) => c.option('--all', 'include deleted experiments'),
      },
      async (ctx, _args, options) => {
        const ws = await ctx.workspace();
        const list = await ws.store.experiments.list({ includeDeleted: options.all === true });
        ctx.out.result(list, () =>
          ctx.out.table(
            [{ header: 'ID' }, { header: 'NAME' }, { header: 'CREATED' }, { header: 'TAGS', maxWidth: 40 }, { header: 'DESCRIPTION', maxWidth: 50 }],
            list.map((e) => [e.id, `${e.name}${e.deleted ? ' (deleted)' : ''}`, formatTime(e.createdAt), formatRecord(e.tags), e.description ?? '']),
            '(no experiments yet)',
          ),
        );
      },
    );

    verb<{ description?: string }>(
      experiments,
      session,
      {
        usage: 'create <name>',
        summary: 'create an experiment (exit 5 when the name is taken)',
        examples: ['mlpilot experiments create churn', 'mlpilot experiments create churn --description "monthly churn model" --json'],
        options: (c) => c.option('--description <text>', 'what the experiment is for'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const experiment = await ws.store.experiments.create(
          { name: arg(args, 0), ...(options.description === undefined ? {} : { description: options.description }) },
          ctx.writeContext,
        );
        ctx.out.result(experiment, () => ctx.out.line(`created experiment ${experiment.name} (${experiment.id})`));
      },
    );

    verb(
      experiments,
      session,
      {
        usage: 'delete <name-or-id>',
        summary: 'soft-delete an experiment (its runs stay searchable with --include-deleted)',
        examples: ['mlpilot experiments delete churn'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const experiment = await ws.store.experiments.get(arg(args, 0));
        await ws.store.experiments.delete(experiment.id, ctx.writeContext);
        ctx.out.result({ deleted: experiment.id, name: experiment.name }, () => ctx.out.line(`deleted experiment ${experiment.name} (${experiment.id})`));
      },
    );
  },
});

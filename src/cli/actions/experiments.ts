import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatRecord, formatTime } from '../output/format.js';

/** `mlpilot experiments list`: experiments (with `--all`, deleted ones too). */
export async function listExperiments(ctx: CliContext, _args: ActionArgs, options: { all?: boolean }): Promise<void> {
  const ws = await ctx.workspace();
  const list = await ws.store.experiments.list({ includeDeleted: options.all === true });
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'ID' },
        { header: 'NAME' },
        { header: 'CREATED' },
        { header: 'TAGS', maxWidth: 40 },
        { header: 'DESCRIPTION', maxWidth: 50 },
      ],
      list.map((e) => [
        e.id,
        `${e.name}${e.deleted ? ' (deleted)' : ''}`,
        formatTime(e.createdAt),
        formatRecord(e.tags),
        e.description ?? '',
      ]),
      '(no experiments yet)',
    ),
  );
}

/** `mlpilot experiments create NAME`: a new experiment. */
export async function createExperiment(ctx: CliContext, args: ActionArgs, options: { description?: string }): Promise<void> {
  const ws = await ctx.workspace();
  const experiment = await ws.store.experiments.create(
    { name: arg(args, 0), ...(options.description === undefined ? {} : { description: options.description }) },
    ctx.writeContext,
  );
  ctx.out.result(experiment, () => ctx.out.line(`created experiment ${experiment.name} (${experiment.id})`));
}

/** `mlpilot experiments delete NAME|ID`: soft-deletes an experiment. */
export async function deleteExperiment(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const experiment = await ws.store.experiments.get(arg(args, 0));
  await ws.store.experiments.delete(experiment.id, ctx.writeContext);
  ctx.out.result({ deleted: experiment.id, name: experiment.name }, () =>
    ctx.out.line(`deleted experiment ${experiment.name} (${experiment.id})`),
  );
}

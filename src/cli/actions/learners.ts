import type { CliContext } from '../context.js';

/** `mlpilot learners list`: the learners with their tasks and capabilities. */
export async function listLearners(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const list = (await ws.training.learners()).list().map((l) => ({ id: l.id, title: l.title, description: l.description, capabilities: l.capabilities }));
  ctx.out.result(list, () =>
    ctx.out.table(
      [{ header: 'ID' }, { header: 'TASKS' }, { header: 'MISSING' }, { header: 'CATEGORICAL' }, { header: 'PROBA' }, { header: 'TITLE' }],
      list.map((l) => [
        l.id,
        l.capabilities.tasks.join(','),
        l.capabilities.handlesMissing ? 'yes' : 'no',
        l.capabilities.handlesCategorical ? 'yes' : 'no',
        l.capabilities.givesProbabilities ? 'yes' : 'no',
        l.title,
      ]),
    ),
  );
}

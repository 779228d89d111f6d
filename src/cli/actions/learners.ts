import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';

/** `mlpilot learners list`: the learners with their tasks and capabilities. */
export async function listLearners(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const list = (await ws.learners())
    .list()
    .map((l) => ({ id: l.id, title: l.title, description: l.description, capabilities: l.capabilities }));
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

/** `mlpilot learners show ID`: a learner's parameters with their types and defaults, and its search space. */
export async function showLearner(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const { describeLearner, paramRange } = await import('../../ml/index.js');
  const learner = describeLearner((await ws.learners()).get(arg(args, 0)));
  ctx.out.result(learner, () => {
    ctx.out.line(`${learner.id}: ${learner.title}`);
    ctx.out.line(learner.description);
    ctx.out.line(`tasks: ${learner.capabilities.tasks.join(', ')}`);
    ctx.out.line('');
    ctx.out.table(
      [
        { header: 'PARAM' },
        { header: 'TYPE', maxWidth: 50 },
        { header: 'DEFAULT', maxWidth: 30 },
        { header: 'SEARCHED', maxWidth: 50 },
        { header: 'ELSEWHERE', maxWidth: 50 },
      ],
      learner.params.map((p) => {
        const space = learner.searchSpace[p.name];
        return [
          p.name,
          paramRange(p.schema),
          p.default === undefined ? '(from the task)' : JSON.stringify(p.default),
          space === undefined ? '' : JSON.stringify(space),
          Object.entries(p.aliases ?? {})
            .map(([library, names]) => `${library}: ${(names ?? []).join('/')}`)
            .join('; '),
        ];
      }),
    );
  });
}

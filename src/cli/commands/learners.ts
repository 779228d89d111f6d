import { defineCommand, noun, verb } from '../define-command.js';

/** `mlpilot learners list`: the learners `mlpilot train` can use, with their capabilities (plain data). */
export const learnersCommand = defineCommand({
  name: 'learners',
  summary: 'the learners `mlpilot train` can use, with their capabilities',
  register(program, session) {
    const learners = noun(program, 'learners', 'the learners `mlpilot train` can use, with their capabilities', ['mlpilot learners list']);
    verb(
      learners,
      session,
      { usage: 'list', summary: 'list learners with their tasks and capabilities', examples: ['mlpilot learners list', 'mlpilot learners list --json'] },
      async (ctx) => {
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
      },
    );
  },
});

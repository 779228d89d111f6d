import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/learners.js');

/** `mlpilot learners list|show`: the learners `mlpilot train` can use, with their capabilities, parameters and search spaces. */
export const learnersVerbs: VerbRegistrar = (learners, session) => {
  verb(
    learners,
    session,
    {
      usage: 'list',
      summary: 'list learners with their tasks and capabilities',
      examples: ['mlpilot learners list', 'mlpilot learners list --json'],
    },
    async () => (await actions()).listLearners,
  );

  verb(
    learners,
    session,
    {
      usage: 'show <id>',
      summary: 'show a learner: its parameters with types and defaults, and where AutoML searches them',
      examples: ['mlpilot learners show gbdt', 'mlpilot learners show rf --json'],
    },
    async () => (await actions()).showLearner,
  );
};

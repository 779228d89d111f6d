import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/learners.js');

/** `mlpilot learners list`: the learners `mlpilot train` can use, with their capabilities (plain data). */
export const learnersVerbs: VerbRegistrar = (learners, session) => {
  verb(
    learners,
    session,
    { usage: 'list', summary: 'list learners with their tasks and capabilities', examples: ['mlpilot learners list', 'mlpilot learners list --json'] },
    async () => (await actions()).listLearners,
  );
};

import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/experiments.js');

/** `mlpilot experiments list|create|delete`: groups of runs. */
export const experimentsVerbs: VerbRegistrar = (experiments, session) => {
  verb(
    experiments,
    session,
    {
      usage: 'list',
      summary: 'list experiments',
      aliases: ['ls'],
      examples: ['mlpilot experiments list', 'mlpilot experiments list --all --json'],
      options: (c) => c.option('--all', 'include deleted experiments'),
    },
    async () => (await actions()).listExperiments,
  );

  verb(
    experiments,
    session,
    {
      usage: 'create <name>',
      summary: 'create an experiment (exit 5 when the name is taken)',
      examples: ['mlpilot experiments create churn', 'mlpilot experiments create churn --description "monthly churn model" --json'],
      options: (c) => c.option('--description <text>', 'what the experiment is for'),
    },
    async () => (await actions()).createExperiment,
  );

  verb(
    experiments,
    session,
    {
      usage: 'delete <name-or-id>',
      summary: 'soft-delete an experiment (its runs stay searchable with --include-deleted)',
      examples: ['mlpilot experiments delete churn'],
    },
    async () => (await actions()).deleteExperiment,
  );
};

import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/lineage.js');

/** `mlpilot lineage model|data`: what made a model version, and what used a dataset version. */
export const lineageVerbs: VerbRegistrar = (lineage, session) => {
  verb(
    lineage,
    session,
    {
      usage: 'model <ref>',
      summary: 'run → code commit → dataset versions behind a model version (NAME@VERSION, NAME@ALIAS, NAME = latest)',
      examples: ['mlpilot lineage model churn@3', 'mlpilot lineage model churn@champion --json'],
    },
    async () => (await actions()).modelLineage,
  );

  verb(
    lineage,
    session,
    {
      usage: 'data <ref>',
      summary: 'every run and model version that used a dataset version (NAME@VERSION, NAME = latest)',
      examples: ['mlpilot lineage data iris@1', 'mlpilot lineage data iris --json'],
    },
    async () => (await actions()).dataLineage,
  );
};

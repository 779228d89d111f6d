import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/config.js');

/** `mlpilot config show`: the resolved configuration and where each value came from. */
export const configVerbs: VerbRegistrar = (config, session) => {
  verb(
    config,
    session,
    {
      usage: 'show',
      summary: 'print every setting, its value and the layer it came from',
      examples: ['mlpilot config show', 'mlpilot --home /tmp/ml config show --json'],
    },
    async () => (await actions()).showConfig,
  );
};

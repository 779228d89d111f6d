import { Option } from 'commander';

import { ROLES } from '../../store/index.js';
import { verb, type VerbRegistrar } from '../define-command.js';

const actions = () => import('../actions/tokens.js');

/** `mlpilot tokens create|list|revoke`: API tokens for the REST server (hashed at rest, secret shown once). */
export const tokensVerbs: VerbRegistrar = (tokens, session) => {
  verb(
    tokens,
    session,
    {
      usage: 'create',
      summary: 'issue a token; the secret is printed once and only its hash is stored',
      examples: [
        'mlpilot tokens create --name ci --role editor',
        'mlpilot tokens create --name release-bot --role deployer --owner alice --json',
      ],
      options: (c) =>
        c
          .requiredOption('--name <name>', 'a label for the token')
          .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
          .option('--owner <owner>', 'who the token acts for (the actor of its events; default: you)'),
    },
    async () => (await actions()).createToken,
  );

  verb(
    tokens,
    session,
    {
      usage: 'list',
      summary: 'list tokens (never their secrets)',
      aliases: ['ls'],
      examples: ['mlpilot tokens list', 'mlpilot tokens list --json'],
    },
    async () => (await actions()).listTokens,
  );

  verb(
    tokens,
    session,
    { usage: 'revoke <id>', summary: 'revoke a token at once', examples: ['mlpilot tokens revoke TOKEN_ID'] },
    async () => (await actions()).revokeToken,
  );
};

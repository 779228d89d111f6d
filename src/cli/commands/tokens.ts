import { Option } from 'commander';

import { assertName } from '../../core/index.js';
import { ROLES, type Role } from '../../store/index.js';
import { arg, defineCommand, noun, verb } from '../define-command.js';
import { formatTime } from '../output/format.js';

/** `mlpilot tokens create|list|revoke`: API tokens for the REST server (hashed at rest, secret shown once). */
export const tokensCommand = defineCommand({
  name: 'tokens',
  summary: 'API tokens for the REST server (viewer < editor < deployer < admin)',
  register(program, session) {
    const tokens = noun(program, 'tokens', 'API tokens for the REST server (viewer < editor < deployer < admin)', [
      'mlpilot tokens create --name ci --role editor',
      'mlpilot tokens list',
      'mlpilot tokens revoke TOKEN_ID',
    ]);

    verb<{ name: string; role: Role; owner?: string }>(
      tokens,
      session,
      {
        usage: 'create',
        summary: 'issue a token; the secret is printed once and only its hash is stored',
        examples: ['mlpilot tokens create --name ci --role editor', 'mlpilot tokens create --name release-bot --role deployer --owner alice --json'],
        options: (c) =>
          c
            .requiredOption('--name <name>', 'a label for the token')
            .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
            .option('--owner <owner>', 'who the token acts for (the actor of its events; default: you)'),
      },
      async (ctx, _args, options) => {
        const ws = await ctx.workspace();
        const { token, secret } = await ws.store.tokens.issue(
          { name: assertName(options.name, '--name'), role: options.role, owner: options.owner ?? ctx.actor },
          ctx.writeContext,
        );
        ctx.out.result({ token, secret }, () => {
          ctx.out.line(`created token ${token.id} "${token.name}" (role ${token.role}, owner ${token.owner})`);
          ctx.out.line(`secret (shown once, store it now): ${secret}`);
          ctx.out.line('use it as: Authorization: Bearer <secret>');
        });
      },
    );

    verb(
      tokens,
      session,
      { usage: 'list', summary: 'list tokens (never their secrets)', aliases: ['ls'], examples: ['mlpilot tokens list', 'mlpilot tokens list --json'] },
      async (ctx) => {
        const ws = await ctx.workspace();
        const list = await ws.store.tokens.list();
        ctx.out.result(list, () =>
          ctx.out.table(
            [{ header: 'ID' }, { header: 'NAME' }, { header: 'ROLE' }, { header: 'OWNER' }, { header: 'CREATED' }, { header: 'LAST USED' }, { header: 'STATUS' }],
            list.map((t) => [t.id, t.name, t.role, t.owner, formatTime(t.createdAt), formatTime(t.lastUsedAt), t.revokedAt === null ? 'active' : `revoked ${formatTime(t.revokedAt)}`]),
            '(no tokens: mlpilot tokens create --name NAME --role ROLE)',
          ),
        );
      },
    );

    verb(
      tokens,
      session,
      { usage: 'revoke <id>', summary: 'revoke a token at once', examples: ['mlpilot tokens revoke TOKEN_ID'] },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const id = arg(args, 0);
        await ws.store.tokens.revoke(id, ctx.writeContext);
        ctx.out.result({ revoked: id }, () => ctx.out.line(`revoked token ${id}`));
      },
    );
  },
});

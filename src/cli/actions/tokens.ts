import { assertName } from '../../core/index.js';
import type { Role } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatTime } from '../output/format.js';

/** `mlpilot tokens create`: issues a token and prints its secret once. */
export async function createToken(
  ctx: CliContext,
  _args: ActionArgs,
  options: { name: string; role: Role; owner?: string },
): Promise<void> {
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
}

/** `mlpilot tokens list`: tokens, never their secrets. */
export async function listTokens(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const list = await ws.store.tokens.list();
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'ID' },
        { header: 'NAME' },
        { header: 'ROLE' },
        { header: 'OWNER' },
        { header: 'CREATED' },
        { header: 'LAST USED' },
        { header: 'STATUS' },
      ],
      list.map((t) => [
        t.id,
        t.name,
        t.role,
        t.owner,
        formatTime(t.createdAt),
        formatTime(t.lastUsedAt),
        t.revokedAt === null ? 'active' : `revoked ${formatTime(t.revokedAt)}`,
      ]),
      '(no tokens: mlpilot tokens create --name NAME --role ROLE)',
    ),
  );
}

/** `mlpilot tokens revoke ID`: revokes a token at once. */
export async function revokeToken(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const id = arg(args, 0);
  await ws.store.tokens.revoke(id, ctx.writeContext);
  ctx.out.result({ revoked: id }, () => ctx.out.line(`revoked token ${id}`));
}

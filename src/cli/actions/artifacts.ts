import { assertDigest } from '../../artifacts/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatBytes } from '../output/format.js';

/** `mlpilot artifacts gc`: finds (and with `--delete` deletes) blobs nothing refers to. */
export async function collectGarbage(ctx: CliContext, _args: ActionArgs, options: { delete?: boolean }): Promise<void> {
  const ws = await ctx.workspace();
  const dryRun = options.delete !== true;
  const report = await ws.collectGarbage({ dryRun }, ctx.writeContext);
  ctx.out.result(report, () => {
    ctx.out.line(
      `scanned ${report.scanned} blobs: ${report.reachable} reachable, ${report.deleted.length} unreachable` +
        (report.keptYoung > 0 ? `, ${report.keptYoung} unreachable but younger than 1 hour (kept)` : ''),
    );
    if (report.deleted.length > 0) {
      ctx.out.table(
        [{ header: 'SHA256' }, { header: 'SIZE', align: 'right' }],
        report.deleted.map((d) => [d.digest, formatBytes(d.size)]),
      );
    }
    ctx.out.line(
      dryRun
        ? `dry run: would free ${formatBytes(report.bytesFreed)} (${report.bytesFreed} bytes); run with --delete to delete`
        : `deleted ${report.deleted.length} blobs, freed ${formatBytes(report.bytesFreed)} (${report.bytesFreed} bytes)`,
    );
  });
}

/** `mlpilot artifacts get DIGEST --out FILE`: copies a blob to a file, verifying its sha256. */
export async function getArtifact(ctx: CliContext, args: ActionArgs, options: { out: string }): Promise<void> {
  const ws = await ctx.workspace();
  const digest = assertDigest(arg(args, 0).replace(/^sha256:/, ''), 'digest');
  const dest = ctx.resolvePath(options.out);
  await ws.artifacts.copyTo(digest, dest);
  const size = await ws.artifacts.size(digest);
  ctx.out.result({ digest, out: dest, size }, () => ctx.out.line(`wrote ${dest} (${formatBytes(size)}, sha256 verified)`));
}

import { resolveDigest } from '../../artifacts/index.js';
import { isId, UsageError } from '../../core/index.js';
import { findRunArtifact } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatBytes, shortDigest } from '../output/format.js';

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

/**
 * `mlpilot artifacts get RUN PATH --out FILE` (a run's artifact by its logical path) or `mlpilot artifacts get DIGEST
 * --out FILE` (a blob by its digest or a unique prefix of it): copies it to a file, verifying its sha256.
 */
export async function getArtifact(ctx: CliContext, args: ActionArgs, options: { out: string }): Promise<void> {
  const first = arg(args, 0);
  const path = args[1] as string | undefined;
  // A run id has letters no digest has (26 hex characters are a digest prefix, even if shaped like an id).
  if (path === undefined && isId(first) && !/^[0-9a-f]+$/.test(first)) {
    throw UsageError({
      problem: `${first} is a run id, not a digest`,
      hint: `name the artifact too: mlpilot artifacts get ${first} PATH --out FILE (mlpilot runs show ${first} lists its paths)`,
    });
  }
  const ws = await ctx.workspace();
  const source = path === undefined ? undefined : await findRunArtifact(ws.store, first, path);
  const digest = source?.digest ?? (await resolveDigest(ws.artifacts, first, 'digest'));
  const dest = ctx.resolvePath(options.out);
  await ws.artifacts.copyTo(digest, dest);
  const size = await ws.artifacts.size(digest);
  const result = source === undefined ? { digest, out: dest, size } : { run: first, path: source.path, digest, out: dest, size };
  ctx.out.result(result, () =>
    ctx.out.line(
      `wrote ${dest} (${formatBytes(size)}, sha256 ${shortDigest(digest)} verified)${source === undefined ? '' : ` from run ${first}: ${source.path}`}`,
    ),
  );
}

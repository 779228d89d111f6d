import { assertDigest } from '../../artifacts/index.js';
import { arg, defineCommand, noun, verb } from '../define-command.js';
import { formatBytes } from '../output/format.js';

/** `mlpilot artifacts gc|get`: the content-addressed blob store. */
export const artifactsCommand = defineCommand({
  name: 'artifacts',
  summary: 'the content-addressed artifact store: garbage collection and downloads',
  register(program, session) {
    const artifacts = noun(program, 'artifacts', 'the content-addressed artifact store: garbage collection and downloads', [
      'mlpilot artifacts gc',
      'mlpilot artifacts gc --delete',
      'mlpilot artifacts get 3f2a…e9 --out model.json',
    ]);

    verb<{ delete?: boolean }>(
      artifacts,
      session,
      {
        usage: 'gc',
        summary: 'find blobs no run, dataset or model version refers to; a dry run unless --delete',
        examples: ['mlpilot artifacts gc', 'mlpilot artifacts gc --delete --json'],
        options: (c) => c.option('--delete', 'really delete them (recorded as an artifacts.collected event)'),
      },
      async (ctx, _args, options) => {
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
      },
    );

    verb<{ out: string }>(
      artifacts,
      session,
      {
        usage: 'get <digest>',
        summary: 'copy a blob to a file, verifying its sha256 on the way',
        examples: ['mlpilot artifacts get 3f2a…e9 --out profile.json'],
        options: (c) => c.requiredOption('--out <file>', 'where to write it (replaced atomically)'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const digest = assertDigest(arg(args, 0).replace(/^sha256:/, ''), 'digest');
        const dest = ctx.resolvePath(options.out);
        await ws.artifacts.copyTo(digest, dest);
        const size = await ws.artifacts.size(digest);
        ctx.out.result({ digest, out: dest, size }, () => ctx.out.line(`wrote ${dest} (${formatBytes(size)}, sha256 verified)`));
      },
    );
  },
});

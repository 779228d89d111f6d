import { type DataFormat, readSchemaDocument } from '../../data/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatBytes, formatTime } from '../output/format.js';
import { formatOf, printDatasetVersion, printDiff, showDelimiter } from './render-data.js';

/** `mlpilot data add FILE --name NAME`: parses, profiles and stores a file as a dataset version. */
export async function addData(
  ctx: CliContext,
  args: ActionArgs,
  options: { name: string; format?: DataFormat; delimiter?: string; description?: string },
): Promise<void> {
  const ws = await ctx.workspace();
  const file = arg(args, 0);
  const { version, created } = await ws.datasets.add(
    {
      file: ctx.resolvePath(file),
      name: options.name,
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    ctx.writeContext,
  );
  ctx.out.result({ created, version }, () => {
    if (created) {
      ctx.out.line(
        `added ${version.datasetName}@${version.version}: ${version.rowCount} rows, ${formatBytes(version.byteSize)}, sha256 ${version.contentHash.slice(0, 12)}, ${formatOf(version)}`,
      );
    } else {
      ctx.out.line(
        `unchanged: ${file} has the same content as ${version.datasetName}@${version.version} (sha256 ${version.contentHash.slice(0, 12)}); ` +
          'adding the same content twice returns the existing version.',
      );
      const recorded = readSchemaDocument(version.schema).delimiter;
      if (options.delimiter !== undefined && recorded !== undefined && recorded !== options.delimiter) {
        ctx.out.note(
          `note: ${version.datasetName}@${version.version} was read with delimiter ${showDelimiter(recorded)}, not ${showDelimiter(options.delimiter)}; it is kept as it was`,
        );
      }
    }
    ctx.out.line(`next: mlpilot data show ${version.datasetName}@${version.version}`);
  });
}

/** `mlpilot data list`: datasets with their latest version. */
export async function listData(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const datasets = await ws.datasets.list();
  ctx.out.result(datasets, () =>
    ctx.out.table(
      [
        { header: 'NAME' },
        { header: 'LATEST', align: 'right' },
        { header: 'VERSIONS', align: 'right' },
        { header: 'CREATED' },
        { header: 'DESCRIPTION', maxWidth: 50 },
      ],
      datasets.map((d) => [d.name, d.latestVersion, d.versionCount, formatTime(d.createdAt), d.description ?? '']),
      '(no datasets yet: mlpilot data add FILE --name NAME)',
    ),
  );
}

/** `mlpilot data show REF`: one version's schema and profile, or every version with `--versions`. */
export async function showData(ctx: CliContext, args: ActionArgs, options: { versions?: boolean }): Promise<void> {
  const ws = await ctx.workspace();
  const ref = arg(args, 0);
  if (options.versions === true) {
    const versions = await ws.datasets.versions(ref.split('@')[0] ?? ref);
    ctx.out.result(versions, () =>
      ctx.out.table(
        [
          { header: 'VERSION', align: 'right' },
          { header: 'ROWS', align: 'right' },
          { header: 'SIZE', align: 'right' },
          { header: 'SHA256' },
          { header: 'FORMAT' },
          { header: 'CREATED' },
          { header: 'SOURCE', maxWidth: 50 },
        ],
        versions.map((v) => [
          v.version,
          v.rowCount,
          formatBytes(v.byteSize),
          v.contentHash.slice(0, 12),
          v.format,
          formatTime(v.createdAt),
          v.source,
        ]),
      ),
    );
    return;
  }
  const version = await ws.datasets.get(ref);
  ctx.out.result(version, () => printDatasetVersion(ctx.out, version));
}

/** `mlpilot data diff A B`: rows, schema and profile changes between two versions. */
export async function diffData(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const [a, b] = [arg(args, 0), arg(args, 1)];
  const [left, right, diff] = await Promise.all([ws.datasets.get(a), ws.datasets.get(b), ws.datasets.diff(a, b)]);
  const sameContent = left.contentHash === right.contentHash;
  ctx.out.result(
    {
      a: { ref: `${left.datasetName}@${left.version}`, contentHash: left.contentHash },
      b: { ref: `${right.datasetName}@${right.version}`, contentHash: right.contentHash },
      sameContent,
      ...diff,
    },
    () => printDiff(ctx.out, left, right, diff.changes),
  );
}

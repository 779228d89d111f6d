import { Option } from 'commander';

import { arg, defineCommand, noun, verb } from '../define-command.js';
import { formatBytes, formatTime } from '../output/format.js';
import { printDatasetVersion, printDiff } from './render-data.js';

const FORMATS = ['csv', 'tsv', 'jsonl', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

/** `mlpilot data add|list|show|diff`: immutable dataset versions identified by content hash. */
export const dataCommand = defineCommand({
  name: 'data',
  summary: 'register and inspect dataset versions',
  register(program, session) {
    const data = noun(program, 'data', 'register and inspect dataset versions (identified by content hash)', [
      'mlpilot data add examples/iris.csv --name iris',
      'mlpilot data show iris@1',
      'mlpilot data diff iris@1 iris@2',
    ]);

    verb<{ name: string; format?: Format; description?: string }>(
      data,
      session,
      {
        usage: 'add <file>',
        summary: 'parse, profile and store FILE as a new version of dataset NAME (same content → the existing version)',
        examples: [
          'mlpilot data add examples/iris.csv --name iris',
          'mlpilot data add events.jsonl --name events --format jsonl --description "clickstream, March"',
          'mlpilot data add train.parquet --name churn --json',
        ],
        options: (c) =>
          c
            .requiredOption('--name <name>', 'dataset name (letters, digits, . _ -)')
            .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices([...FORMATS]))
            .option('--description <text>', 'what this dataset is'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const file = arg(args, 0);
        const { version, created } = await ws.datasets.add(
          {
            file: ctx.resolvePath(file),
            name: options.name,
            ...(options.format === undefined ? {} : { format: options.format }),
            ...(options.description === undefined ? {} : { description: options.description }),
          },
          ctx.writeContext,
        );
        ctx.out.result({ created, version }, () => {
          if (created) {
            ctx.out.line(`added ${version.datasetName}@${version.version}: ${version.rowCount} rows, ${formatBytes(version.byteSize)}, sha256 ${version.contentHash.slice(0, 12)}`);
          } else {
            ctx.out.line(
              `unchanged: ${file} has the same content as ${version.datasetName}@${version.version} (sha256 ${version.contentHash.slice(0, 12)}); ` +
                'adding the same content twice returns the existing version.',
            );
          }
          ctx.out.line(`next: mlpilot data show ${version.datasetName}@${version.version}`);
        });
      },
    );

    verb(
      data,
      session,
      { usage: 'list', summary: 'list datasets with their latest version', examples: ['mlpilot data list', 'mlpilot data list --json'], aliases: ['ls'] },
      async (ctx) => {
        const ws = await ctx.workspace();
        const datasets = await ws.datasets.list();
        ctx.out.result(datasets, () =>
          ctx.out.table(
            [{ header: 'NAME' }, { header: 'LATEST', align: 'right' }, { header: 'VERSIONS', align: 'right' }, { header: 'CREATED' }, { header: 'DESCRIPTION', maxWidth: 50 }],
            datasets.map((d) => [d.name, d.latestVersion, d.versionCount, formatTime(d.createdAt), d.description ?? '']),
            '(no datasets yet: mlpilot data add FILE --name NAME)',
          ),
        );
      },
    );

    verb<{ versions?: boolean }>(
      data,
      session,
      {
        usage: 'show <ref>',
        summary: 'show one version (NAME = latest, NAME@VERSION): schema table and profile summary',
        examples: ['mlpilot data show iris', 'mlpilot data show iris@2 --json', 'mlpilot data show iris --versions'],
        options: (c) => c.option('--versions', 'list every version of the dataset instead'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const ref = arg(args, 0);
        if (options.versions === true) {
          const versions = await ws.datasets.versions(ref.split('@')[0] ?? ref);
          ctx.out.result(versions, () =>
            ctx.out.table(
              [{ header: 'VERSION', align: 'right' }, { header: 'ROWS', align: 'right' }, { header: 'SIZE', align: 'right' }, { header: 'SHA256' }, { header: 'FORMAT' }, { header: 'CREATED' }, { header: 'SOURCE', maxWidth: 50 }],
              versions.map((v) => [v.version, v.rowCount, formatBytes(v.byteSize), v.contentHash.slice(0, 12), v.format, formatTime(v.createdAt), v.source]),
            ),
          );
          return;
        }
        const version = await ws.datasets.get(ref);
        ctx.out.result(version, () => printDatasetVersion(ctx.out, version));
      },
    );

    verb(
      data,
      session,
      {
        usage: 'diff <a> <b>',
        summary: 'compare two versions (NAME@VERSION): rows, schema and profile changes',
        examples: ['mlpilot data diff iris@1 iris@2', 'mlpilot data diff iris@1 iris --json'],
      },
      async (ctx, args) => {
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
      },
    );
  },
});

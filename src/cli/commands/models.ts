import { readFile } from 'node:fs/promises';

import { InvalidArgumentError } from 'commander';

import type { Task } from '../../ml/index.js';
import { IMPORT_FLAVORS, type ImportFlavor, parseRef } from '../../workspace/index.js';
import { assertKey, assertName, fileReadError, type JsonValue, UsageError, ValidationError } from '../../core/index.js';
import type { ModelVersion } from '../../store/index.js';
import { arg, defineCommand, noun, verb } from '../define-command.js';
import type { CliContext } from '../context.js';
import { formatNumber, formatRecord, formatTime, shortDigest } from '../output/format.js';
import { collect, positiveInt } from '../parse.js';

const VERSION_COLUMNS = [
  { header: 'VERSION', align: 'right' as const },
  { header: 'ALIASES' },
  { header: 'RUN' },
  { header: 'BUNDLE' },
  { header: 'CREATED' },
  { header: 'METRICS', maxWidth: 60 },
];

function versionRow(v: ModelVersion): Array<string | number> {
  const metrics = Object.fromEntries(Object.entries(v.metrics).map(([k, m]) => [k, formatNumber(m)]));
  return [v.version, v.aliases.join(', '), v.runId ?? '-', shortDigest(v.bundleDigest), formatTime(v.createdAt), formatRecord(metrics)];
}

async function readSignature(ctx: CliContext, file: string): Promise<JsonValue> {
  const path = ctx.resolvePath(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileReadError(path, error);
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw ValidationError({ field: `--signature ${path}`, problem: `not valid JSON (${(error as Error).message})` }, error);
  }
}

/** `mlpilot models …`: the model registry — versions, aliases (champion, …) and tags. */
export const modelsCommand = defineCommand({
  name: 'models',
  summary: 'the model registry: versions, aliases and tags',
  register(program, session) {
    const models = noun(program, 'models', 'the model registry: versions, aliases and tags', [
      'mlpilot models register churn --run RUN_ID --artifact model',
      'mlpilot models alias churn champion 3',
      'mlpilot models show churn',
    ]);

    verb(
      models,
      session,
      { usage: 'list', summary: 'list registered models', aliases: ['ls'], examples: ['mlpilot models list', 'mlpilot models list --json'] },
      async (ctx) => {
        const ws = await ctx.workspace();
        const list = await ws.store.models.list();
        ctx.out.result(list, () =>
          ctx.out.table(
            [{ header: 'NAME' }, { header: 'LATEST', align: 'right' }, { header: 'ALIASES' }, { header: 'UPDATED' }, { header: 'DESCRIPTION', maxWidth: 50 }],
            list.map((m) => [m.name, m.latestVersion ?? '-', formatRecord(m.aliases), formatTime(m.updatedAt), m.description ?? '']),
            '(no models yet: mlpilot models register NAME --run RUN --artifact PATH)',
          ),
        );
      },
    );

    verb(
      models,
      session,
      {
        usage: 'show <ref>',
        summary: 'show a model (NAME) with its aliases, tags and versions, or one version (NAME@VERSION, NAME@ALIAS) with its signature',
        examples: ['mlpilot models show churn', 'mlpilot models show churn@champion', 'mlpilot models show churn@3 --json'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const ref = parseRef(arg(args, 0), 'model');
        if (ref.version !== undefined) {
          const mv = await ws.store.models.getVersion(ref.name, ref.version);
          ctx.out.result(mv, () => {
            ctx.out.keyValues([
              ['model version', `${mv.modelName}@${mv.version}`],
              ['id', mv.id],
              ['aliases', mv.aliases.length === 0 ? null : mv.aliases.join(', ')],
              ['run', mv.runId],
              ['bundle sha256', mv.bundleDigest],
              ['description', mv.description],
              ['tags', formatRecord(mv.tags)],
              ['created', formatTime(mv.createdAt)],
            ]);
            ctx.out.line();
            ctx.out.heading('Metrics');
            ctx.out.table(
              [{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }],
              Object.keys(mv.metrics).sort().map((k) => [k, formatNumber(mv.metrics[k])]),
              '(none)',
            );
            ctx.out.line();
            ctx.out.heading('Signature');
            ctx.out.line(mv.signature === null ? '(none recorded)' : JSON.stringify(mv.signature, null, 2));
          });
          return;
        }
        const name = ref.name;
        const [model, versions] = await Promise.all([ws.store.models.get(name), ws.store.models.listVersions(name)]);
        ctx.out.result({ ...model, versions }, () => {
          ctx.out.keyValues([
            ['model', model.name],
            ['id', model.id],
            ['description', model.description],
            ['latest version', model.latestVersion],
            ['aliases', formatRecord(model.aliases)],
            ['tags', formatRecord(model.tags)],
            ['created', formatTime(model.createdAt)],
            ['updated', formatTime(model.updatedAt)],
          ]);
          ctx.out.line();
          ctx.out.heading('Versions');
          ctx.out.table(VERSION_COLUMNS, versions.map(versionRow), '(no versions)');
        });
      },
    );

    verb<{ description?: string }>(
      models,
      session,
      {
        usage: 'create <name>',
        summary: 'create an empty model (register creates it on first use too)',
        examples: ['mlpilot models create churn --description "monthly churn classifier"'],
        options: (c) => c.option('--description <text>', 'what the model predicts'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const model = await ws.store.models.create(
          { name: assertName(arg(args, 0), 'model name'), ...(options.description === undefined ? {} : { description: options.description }) },
          ctx.writeContext,
        );
        ctx.out.result(model, () => ctx.out.line(`created model ${model.name} (${model.id})`));
      },
    );

    verb<{ run: string; artifact: string; signature?: string; description?: string }>(
      models,
      session,
      {
        usage: 'register <name>',
        summary: "register a run's artifact (file or folder) as the next version of a model",
        examples: [
          'mlpilot models register churn --run RUN_ID --artifact model',
          'mlpilot models register churn --run RUN_ID --artifact model/bundle.json --signature signature.json --json',
        ],
        options: (c) =>
          c
            .requiredOption('--run <id>', 'the run that produced the model')
            .requiredOption('--artifact <path>', 'logical artifact path inside the run (a file or a folder)')
            .option('--signature <file>', 'JSON file with the input schema and output of the model')
            .option('--description <text>', 'notes on this version'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        const signature = options.signature === undefined ? undefined : await readSignature(ctx, options.signature);
        const version = await ws.models.registerFromRun(
          {
            name: arg(args, 0),
            runId: options.run,
            artifactPath: options.artifact,
            ...(signature === undefined ? {} : { signature }),
            ...(options.description === undefined ? {} : { description: options.description }),
          },
          ctx.writeContext,
        );
        ctx.out.result(version, () => {
          ctx.out.line(`registered ${version.modelName}@${version.version} from run ${options.run} (bundle sha256 ${shortDigest(version.bundleDigest)})`);
          ctx.out.line(`next: mlpilot models alias ${version.modelName} champion ${version.version}`);
          ctx.out.line(`      mlpilot lineage model ${version.modelName}@${version.version}`);
        });
      },
    );

    verb<{ name: string; flavor: ImportFlavor; features?: string[]; classes?: string[]; task?: Task; description?: string }>(
      models,
      session,
      {
        usage: 'import <file>',
        summary: 'import an XGBoost JSON, LightGBM text or ONNX model file as the next version of a model',
        examples: [
          'mlpilot models import model.json --name churn --flavor xgboost-json --features age,income,tenure --classes stay,leave',
          'mlpilot models import model.txt --name demand --flavor lightgbm-text',
          'mlpilot models import model.onnx --name price --flavor onnx --features sqft,rooms',
        ],
        options: (c) =>
          c
            .requiredOption('--name <name>', 'the registered model name')
            .requiredOption('--flavor <flavor>', `one of ${IMPORT_FLAVORS.join(', ')}`, (value: string) => {
              if (!(IMPORT_FLAVORS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${IMPORT_FLAVORS.join(', ')}.`);
              return value;
            })
            .option('--features <names>', 'input column names in the model\'s feature order (comma separated)', collect)
            .option('--classes <labels>', 'class labels of a classifier in class-index order (comma separated)', collect)
            .option('--task <task>', 'task of an ONNX model: regression (default), binary or multiclass')
            .option('--description <text>', 'notes on this version'),
      },
      async (ctx, args, options) => {
        const ws = await ctx.workspace();
        if (options.task !== undefined && !['regression', 'binary', 'multiclass'].includes(options.task)) {
          throw UsageError({ problem: `--task ${options.task} is not regression, binary or multiclass` });
        }
        const version = await ws.models.importFile(
          {
            name: options.name,
            file: arg(args, 0),
            flavor: options.flavor,
            ...(options.features === undefined ? {} : { features: options.features }),
            ...(options.classes === undefined ? {} : { classes: options.classes }),
            ...(options.task === undefined ? {} : { task: options.task }),
            ...(options.description === undefined ? {} : { description: options.description }),
          },
          ctx.writeContext,
        );
        ctx.out.result(version, () => {
          ctx.out.line(`imported ${arg(args, 0)} (${options.flavor}) as ${version.modelName}@${version.version} (bundle sha256 ${shortDigest(version.bundleDigest)})`);
          ctx.out.line(`next: mlpilot predict --model ${version.modelName}@${version.version} --data FILE --out predictions.csv`);
        });
      },
    );

    verb(
      models,
      session,
      { usage: 'versions <name>', summary: 'list the versions of a model', examples: ['mlpilot models versions churn', 'mlpilot models versions churn --json'] },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const versions = await ws.store.models.listVersions(assertName(arg(args, 0), 'model name'));
        ctx.out.result(versions, () => ctx.out.table(VERSION_COLUMNS, versions.map(versionRow), '(no versions)'));
      },
    );

    verb(
      models,
      session,
      {
        usage: 'alias <name> <alias> <version>',
        summary: 'point ALIAS (e.g. champion) at VERSION; the move is recorded as an event with the previous version',
        examples: ['mlpilot models alias churn champion 3', 'mlpilot models alias churn challenger 4 --json'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const name = assertName(arg(args, 0), 'model name');
        const alias = assertName(arg(args, 1), 'alias');
        const version = positiveInt(arg(args, 2), 'version');
        const { previousVersion } = await ws.models.setAlias(name, alias, version, ctx.writeContext);
        ctx.out.result({ model: name, alias, version, previousVersion }, () =>
          ctx.out.line(`${name}@${alias} → version ${version}${previousVersion === null ? ' (new alias)' : ` (was ${previousVersion})`}`),
        );
      },
    );

    verb(
      models,
      session,
      { usage: 'unalias <name> <alias>', summary: 'remove an alias', examples: ['mlpilot models unalias churn challenger'] },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const name = assertName(arg(args, 0), 'model name');
        const alias = assertName(arg(args, 1), 'alias');
        await ws.models.deleteAlias(name, alias, ctx.writeContext);
        ctx.out.result({ model: name, alias, removed: true }, () => ctx.out.line(`removed alias ${name}@${alias}`));
      },
    );

    verb(
      models,
      session,
      {
        usage: 'tag <ref> <key> <value>',
        summary: 'set a tag on a model (NAME), or on one version (NAME@VERSION or NAME@ALIAS)',
        examples: ['mlpilot models tag churn team risk', 'mlpilot models tag churn@3 validated yes', 'mlpilot models tag churn@champion reviewed-by alice'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const ref = parseRef(arg(args, 0), 'model');
        const key = assertKey(arg(args, 1), 'tag key');
        const value = arg(args, 2);
        let version: number | null = null;
        if (ref.version === undefined) {
          await ws.store.models.setTag(ref.name, key, value, ctx.writeContext);
        } else {
          version = (await ws.store.models.getVersion(ref.name, ref.version)).version;
          await ws.store.models.setVersionTag(ref.name, version, key, value, ctx.writeContext);
        }
        ctx.out.result({ model: ref.name, version, key, value }, () =>
          ctx.out.line(`tagged ${ref.name}${version === null ? '' : `@${version}`}: ${key}=${value}`),
        );
      },
    );
  },
});

import { writeFile } from 'node:fs/promises';

import type { Task } from '../../ml/index.js';
import { type ImportFlavor, parseRef } from '../../workspace/index.js';
import {
  assertKey,
  assertName,
  readUserFile,
  type JsonObject,
  type JsonValue,
  TASKS,
  UsageError,
  ValidationError,
} from '../../core/index.js';
import type { ModelVersion } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg } from '../define-command.js';
import { formatNumber, formatRecord, formatTime, shortDigest } from '../output/format.js';
import { positiveInt } from '../parse.js';

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

/** A JSON file named by `option` (`--signature`, `--categories`). @throws MLP_CORE_VALIDATION when it is not JSON. */
async function readJsonOption(ctx: CliContext, option: string, file: string): Promise<JsonValue> {
  const path = ctx.resolvePath(file);
  const text = (await readUserFile(path)).toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw ValidationError({ field: `${option} ${path}`, problem: `not valid JSON (${(error as Error).message})` }, error);
  }
}

/** How many signature inputs `models show` lists (all of them are in `--json`). */
const INPUTS_SHOWN = 20;

const text = (value: JsonValue | undefined): string =>
  value === undefined || value === null ? '-' : typeof value === 'string' ? value : JSON.stringify(value);

const asObject = (value: JsonValue | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

/**
 * A version's signature in a few lines: a table of the inputs (name, type, nullable; the first {@link INPUTS_SHOWN})
 * and one line for the output. A signature registered in another shape is left to `--json`.
 */
function printSignature(ctx: CliContext, signature: JsonValue): void {
  if (signature === null) {
    ctx.out.line('(none recorded)');
    return;
  }
  const inputs = asObject(signature)?.inputs;
  const rows = (Array.isArray(inputs) ? inputs : []).map(asObject).filter((i): i is JsonObject => i !== undefined);
  const output = asObject(asObject(signature)?.output);
  if (rows.length === 0 && output === undefined) {
    ctx.out.line('(not in the inputs/output form; see --json)');
    return;
  }
  ctx.out.table(
    [{ header: 'INPUT', maxWidth: 40 }, { header: 'TYPE' }, { header: 'NULLABLE' }],
    rows.slice(0, INPUTS_SHOWN).map((i) => [text(i.name), text(i.type), i.nullable === true ? 'yes' : i.nullable === false ? 'no' : '-']),
    '(no inputs)',
  );
  if (rows.length > INPUTS_SHOWN) ctx.out.line(`… and ${rows.length - INPUTS_SHOWN} more inputs (all with --json)`);
  if (output !== undefined) {
    const kind = output.task ?? output.type;
    const facts = [
      kind === undefined ? undefined : text(kind),
      Array.isArray(output.classes) ? `classes ${output.classes.map(text).join(', ')}` : undefined,
    ];
    const known = facts.filter((f) => f !== undefined);
    ctx.out.line(`output: ${text(output.name)}${known.length > 0 ? ` (${known.join('; ')})` : ''}`);
  }
}

/** `mlpilot models list`: registered models. */
export async function listModels(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const list = await ws.store.models.list();
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'NAME' },
        { header: 'LATEST', align: 'right' },
        { header: 'ALIASES' },
        { header: 'UPDATED' },
        { header: 'DESCRIPTION', maxWidth: 50 },
      ],
      list.map((m) => [m.name, m.latestVersion ?? '-', formatRecord(m.aliases), formatTime(m.updatedAt), m.description ?? '']),
      '(no models yet: mlpilot models register NAME --run RUN --artifact PATH)',
    ),
  );
}

/** `mlpilot models show REF`: a model with its versions, or one version with its metrics and signature. */
export async function showModel(ctx: CliContext, args: ActionArgs): Promise<void> {
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
        Object.keys(mv.metrics)
          .sort()
          .map((k) => [k, formatNumber(mv.metrics[k])]),
        '(none)',
      );
      ctx.out.line();
      ctx.out.heading('Signature');
      printSignature(ctx, mv.signature);
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
}

/** `mlpilot models create NAME`: an empty model. */
export async function createModel(ctx: CliContext, args: ActionArgs, options: { description?: string }): Promise<void> {
  const ws = await ctx.workspace();
  const model = await ws.store.models.create(
    { name: assertName(arg(args, 0), 'model name'), ...(options.description === undefined ? {} : { description: options.description }) },
    ctx.writeContext,
  );
  ctx.out.result(model, () => ctx.out.line(`created model ${model.name} (${model.id})`));
}

/** `mlpilot models register NAME --run ID --artifact PATH`: a run's artifact as the next version. */
export async function registerModel(
  ctx: CliContext,
  args: ActionArgs,
  options: { run: string; artifact: string; signature?: string; description?: string },
): Promise<void> {
  const ws = await ctx.workspace();
  const signature = options.signature === undefined ? undefined : await readJsonOption(ctx, '--signature', options.signature);
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
    ctx.out.line(
      `registered ${version.modelName}@${version.version} from run ${options.run} (bundle sha256 ${shortDigest(version.bundleDigest)})`,
    );
    ctx.out.line(`next: mlpilot models alias ${version.modelName} champion ${version.version}`);
    ctx.out.line(`      mlpilot lineage model ${version.modelName}@${version.version}`);
  });
}

/** `mlpilot models import FILE`: an XGBoost JSON, LightGBM text or ONNX file as the next version. */
export async function importModel(
  ctx: CliContext,
  args: ActionArgs,
  options: {
    name: string;
    flavor: ImportFlavor;
    features?: string[];
    classes?: string[];
    task?: Task;
    categories?: string;
    description?: string;
  },
): Promise<void> {
  if (options.task !== undefined && !TASKS.includes(options.task)) {
    throw UsageError({ problem: `--task ${options.task} is not one of ${TASKS.join(', ')}` });
  }
  const categories = options.categories === undefined ? undefined : await readJsonOption(ctx, '--categories', options.categories);
  const ws = await ctx.workspace();
  const version = await ws.models.importFile(
    {
      name: options.name,
      file: ctx.resolvePath(arg(args, 0)),
      flavor: options.flavor,
      ...(options.features === undefined ? {} : { features: options.features }),
      ...(options.classes === undefined ? {} : { classes: options.classes }),
      ...(options.task === undefined ? {} : { task: options.task }),
      ...(categories === undefined ? {} : { categories }),
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    ctx.writeContext,
  );
  ctx.out.result(version, () => {
    ctx.out.line(
      `imported ${arg(args, 0)} (${options.flavor}) as ${version.modelName}@${version.version} (bundle sha256 ${shortDigest(version.bundleDigest)})`,
    );
    ctx.out.line(`next: mlpilot predict --model ${version.modelName}@${version.version} --data FILE --out predictions.csv`);
  });
}

/** `mlpilot models export REF --out FILE [--format onnx]`: the version as ONNX (see `PredictionService.exportOnnx`). */
export async function exportModel(ctx: CliContext, args: ActionArgs, options: { out: string; format: 'onnx' }): Promise<void> {
  const ws = await ctx.workspace();
  const { version, bytes } = await ws.predictions.exportOnnx(arg(args, 0));
  const out = ctx.resolvePath(options.out);
  await writeFile(out, bytes);
  const result = { model: version.modelName, version: version.version, format: options.format, file: out, bytes: bytes.length };
  ctx.out.result(result, () =>
    ctx.out.line(
      `exported ${version.modelName}@${version.version} as ONNX to ${out} (${bytes.length} bytes; input "input": double[N, ${(version.signature as { inputs?: unknown[] }).inputs?.length ?? '?'}])`,
    ),
  );
}

/** `mlpilot models versions NAME`: the versions of a model. */
export async function listModelVersions(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const versions = await ws.store.models.listVersions(assertName(arg(args, 0), 'model name'));
  ctx.out.result(versions, () => ctx.out.table(VERSION_COLUMNS, versions.map(versionRow), '(no versions)'));
}

/** `mlpilot models alias NAME ALIAS VERSION`: points an alias at a version (the move is an event). */
export async function setModelAlias(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const name = assertName(arg(args, 0), 'model name');
  const alias = assertName(arg(args, 1), 'alias');
  const version = positiveInt(arg(args, 2), 'version');
  const { previousVersion } = await ws.models.setAlias(name, alias, version, ctx.writeContext);
  ctx.out.result({ model: name, alias, version, previousVersion }, () =>
    ctx.out.line(`${name}@${alias} → version ${version}${previousVersion === null ? ' (new alias)' : ` (was ${previousVersion})`}`),
  );
}

/** `mlpilot models unalias NAME ALIAS`: removes an alias. */
export async function removeModelAlias(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const name = assertName(arg(args, 0), 'model name');
  const alias = assertName(arg(args, 1), 'alias');
  await ws.models.deleteAlias(name, alias, ctx.writeContext);
  ctx.out.result({ model: name, alias, removed: true }, () => ctx.out.line(`removed alias ${name}@${alias}`));
}

/** `mlpilot models tag REF KEY VALUE`: sets a tag on a model or on one version. */
export async function tagModel(ctx: CliContext, args: ActionArgs): Promise<void> {
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
}

/** `mlpilot models update REF --description TEXT`: the description of a model or of one version ("" clears it). */
export async function updateModel(ctx: CliContext, args: ActionArgs, options: { description: string }): Promise<void> {
  const ws = await ctx.workspace();
  const result = await ws.models.describe(arg(args, 0), options.description === '' ? null : options.description, ctx.writeContext);
  const what = `${result.model}${result.version === null ? '' : `@${result.version}`}`;
  ctx.out.result(result, () =>
    ctx.out.line(result.description === null ? `cleared the description of ${what}` : `described ${what}: ${result.description}`),
  );
}

/** `mlpilot models delete REF`: deletes a model with its versions, or one version. */
export async function deleteModel(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const deleted = await ws.models.delete(arg(args, 0), ctx.writeContext);
  ctx.out.result({ ...deleted, deleted: true }, () => {
    ctx.out.line(
      deleted.version === null ? `deleted model ${deleted.model} and all its versions` : `deleted ${deleted.model}@${deleted.version}`,
    );
    ctx.out.line('its bundles stay in the artifact store until mlpilot artifacts gc --delete finds nothing else refers to them');
  });
}

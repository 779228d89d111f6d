import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import type * as Yaml from 'yaml';
import { z } from 'zod';

import { ConfigError, describeErrno } from './errors/index.js';

const bool = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean());
const port = z.coerce.number().int().min(0).max(65535);

/** A list setting: an array in a file or flags, comma-separated in the environment. */
function commaList<T extends z.ZodType<string>>(item: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((m) => m.trim())
            .filter((m) => m.length > 0)
        : v,
    z.array(item),
  );
}

const hostEntry = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$/, 'must be a host name or address, optionally with :port ([::1] for IPv6)')
  .transform((v) => v.toLowerCase());

const originEntry = z
  .string()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === v.toLowerCase().replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin: http(s)://host[:port], nothing after it')
  .transform((v) => new URL(v).origin);

/**
 * The configuration schema: the single source of truth for every setting, its type and its default.
 * Precedence: defaults < mlpilot.config.json|yaml < MLPILOT_* environment < command-line flags.
 */
export const configSchema = z.strictObject({
  /** Folder for the embedded defaults (SQLite file, artifacts), relative to the working directory. */
  home: z.string().min(1).default('.mlpilot'),
  database: z
    .strictObject({
      /** `sqlite:PATH` or `postgres://…`; defaults to `sqlite:<home>/mlpilot.db`. */
      url: z.string().min(1).optional(),
    })
    .prefault({}),
  artifacts: z
    .strictObject({
      /** Directory of the content-addressed store; defaults to `<home>/artifacts`. */
      root: z.string().min(1).optional(),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      backend: z.enum(['local', 'pg-boss']).default('local'),
      /** Jobs run at once per process. */
      concurrency: z.coerce.number().int().min(1).max(64).default(2),
      /**
       * Plug-in modules every process running jobs imports: paths (relative to the project directory), `file:`
       * URLs or package names, each exporting `jobHandlers` and/or `learners`. Comma-separated in the environment.
       */
      handlerModules: commaList(z.string().min(1)).default([]),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: port.default(8080),
      auth: z.strictObject({ enabled: bool.default(false) }).prefault({}),
      /**
       * While auth is off: `Host` names answered besides the loopback ones (`localhost`, `127.0.0.1`, `[::1]`) and
       * `server.host` — `name` (any port) or `name:port`. Comma-separated in the environment.
       */
      allowedHosts: commaList(hostEntry).default([]),
      /**
       * While auth is off: `Origin`s (`scheme://host[:port]`) allowed besides the server's own http origin.
       * Comma-separated in the environment.
       */
      allowedOrigins: commaList(originEntry).default([]),
    })
    .prefault({}),
  log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('warn') }).prefault({}),
  /** Continuous monitoring: prediction and label ingestion (docs/monitoring.md, "Ingestion"). */
  monitor: z
    .strictObject({
      /** Share of predictions kept, 0..1, decided by a hash of (model, prediction id) so a replay keeps the same rows. */
      sampleRate: z.coerce.number().min(0).max(1).default(1),
      /** Days predictions and labels are kept; `prune` deletes older rows. */
      retentionDays: z.coerce.number().int().min(1).max(36_500).default(30),
      /** Rows waiting to be written before ingestion refuses calls with MLP_MONITOR_BACKPRESSURE (HTTP 429). */
      queueLimit: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
      /** Rows written per transaction. */
      batchSize: z.coerce.number().int().min(1).max(100_000).default(1000),
      /** Whether `mlpilot predict` logs its batch for monitoring (as `--log` does). */
      logPredictions: bool.default(false),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
/** What a config file, the environment or flags may set: any subset of the schema. */
export type ConfigInput = Record<string, unknown>;

export const CONFIG_FILES = ['mlpilot.config.json', 'mlpilot.config.yaml', 'mlpilot.config.yml'] as const;

type Shape = Record<string, z.ZodType>;

function objectShape(schema: z.ZodType): Shape | undefined {
  let current: z.ZodType = schema;
  // Unwrap default/prefault/optional wrappers down to the object, if any.
  for (;;) {
    if (current instanceof z.ZodObject) return current.shape as Shape;
    const inner = (current as unknown as { def?: { innerType?: z.ZodType } }).def?.innerType;
    if (inner === undefined) return undefined;
    current = inner;
  }
}

function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

/** Every leaf setting as a dotted path with its environment variable (`server.auth.enabled` → `MLPILOT_SERVER_AUTH_ENABLED`). */
export function configLeaves(): Array<{ path: string[]; env: string }> {
  const out: Array<{ path: string[]; env: string }> = [];
  const walk = (shape: Shape, prefix: string[]): void => {
    for (const [key, child] of Object.entries(shape)) {
      const path = [...prefix, key];
      const sub = objectShape(child);
      if (sub === undefined) out.push({ path, env: `MLPILOT_${path.map(camelToSnake).join('_')}` });
      else walk(sub, path);
    }
  };
  walk(configSchema.shape as Shape, []);
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** Rejects keys the schema does not know, naming the dotted path and where it came from. */
function rejectUnknownKeys(input: unknown, shape: Shape, source: string, prefix: string[]): void {
  if (!isPlainObject(input)) return;
  for (const [key, value] of Object.entries(input)) {
    const child = shape[key];
    const path = [...prefix, key];
    if (child === undefined) {
      throw ConfigError({ source, path: path.join('.'), problem: `unknown key; known keys here: ${Object.keys(shape).join(', ')}` });
    }
    const sub = objectShape(child);
    if (sub !== undefined) rejectUnknownKeys(value, sub, source, path);
  }
}

/**
 * The YAML parser, loaded on first use: only a YAML config file needs it, and every CLI command reads the
 * configuration (issue 13 §7). `readConfigFile` is synchronous, hence `require` (the package is CommonJS).
 */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml.parse(text);
}

/**
 * Reads `mlpilot.config.json|yaml|yml` from `cwd`, if present.
 * @throws MLP_CONFIG_INVALID naming the file when it cannot be read (with the errno) or parsed.
 */
export function readConfigFile(cwd: string): { source: string; values: ConfigInput } | undefined {
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw ConfigError({ source: file, path: '', problem: `the file cannot be read: ${describeErrno(error)}` }, error);
    }
    let values: unknown;
    try {
      values = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw ConfigError({ source: file, path: '', problem: `cannot parse: ${(error as Error).message}` }, error);
    }
    if (values === null || values === undefined) values = {};
    if (!isPlainObject(values)) throw ConfigError({ source: file, path: '', problem: 'the top level must be an object' });
    return { source: file, values };
  }
  return undefined;
}

/** The settings carried by `MLPILOT_*` variables; an unknown `MLPILOT_*` variable is an error. */
export function configFromEnv(env: Record<string, string | undefined>): ConfigInput {
  const leaves = new Map(configLeaves().map((leaf) => [leaf.env, leaf.path]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('MLPILOT_') || value === undefined) continue;
    const path = leaves.get(name);
    if (path === undefined) {
      throw ConfigError({ source: 'environment', path: name, problem: `unknown variable; known: ${[...leaves.keys()].join(', ')}` });
    }
    setPath(out, path, value);
  }
  return out;
}

/**
 * Resolves the configuration: defaults < file < environment < flags, validated once and frozen.
 * @throws MLP_CONFIG_INVALID with the source and dotted path of the first bad setting.
 */
export function resolveConfig(layers: {
  file?: { source: string; values: ConfigInput } | undefined;
  env?: Record<string, string | undefined>;
  flags?: ConfigInput;
}): Readonly<Config> {
  const shape = configSchema.shape as Shape;
  const named: Array<{ source: string; values: ConfigInput }> = [];
  if (layers.file) named.push(layers.file);
  if (layers.env) named.push({ source: 'environment', values: configFromEnv(layers.env) });
  if (layers.flags) named.push({ source: 'command-line flags', values: layers.flags });
  let merged: Record<string, unknown> = {};
  for (const layer of named) {
    rejectUnknownKeys(layer.values, shape, layer.source, []);
    // Validate each layer alone first so a bad value is blamed on the layer that set it.
    const check = configSchema.safeParse(deepMerge({}, layer.values));
    if (!check.success) {
      const issue = check.error.issues[0];
      throw ConfigError({ source: layer.source, path: issue?.path.join('.') ?? '', problem: issue?.message ?? 'invalid' });
    }
    merged = deepMerge(merged, layer.values);
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw ConfigError({ source: 'merged configuration', path: issue?.path.join('.') ?? '', problem: issue?.message ?? 'invalid' });
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** True for a `postgres://` or `postgresql://` URL (case-insensitive scheme). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Checks that `url` is a PostgreSQL URL, for what only works on PostgreSQL (the pg-boss job queue, `mlpilot
 * worker`).
 * @throws MLP_CONFIG_INVALID naming `database.url`, `what` needs it and how to set it.
 */
export function requirePostgres(url: string, what: string): void {
  if (isPostgresUrl(url)) return;
  throw ConfigError({
    source: 'configuration',
    path: 'database.url',
    problem: `${what} needs a PostgreSQL database (postgres://…), but it is ${url.startsWith('sqlite:') ? 'the embedded SQLite file' : JSON.stringify(url.replace(/:[^:@/]*@/, ':***@'))}; set MLPILOT_DATABASE_URL=postgres://… (or --database-url), or use jobs.backend "local" with SQLite`,
  });
}

/** The metadata store URL: the configured one, or the embedded SQLite file under `home`. */
export function databaseUrl(config: Config, cwd: string): string {
  return config.database.url ?? `sqlite:${resolve(cwd, config.home, 'mlpilot.db')}`;
}

/** The artifact store directory: the configured one, or `<home>/artifacts`. */
export function artifactRoot(config: Config, cwd: string): string {
  return resolve(cwd, config.artifacts.root ?? join(config.home, 'artifacts'));
}

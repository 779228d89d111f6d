import { resolve } from 'node:path';

import { artifactRoot, configLeaves, databaseUrl, readConfigFile, resolveConfig, type Config, type ConfigInput } from '../core/index.js';

/** The global options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  cwd?: string;
  configDir?: string;
  databaseUrl?: string;
  home?: string;
  logLevel?: string;
}

/** The configuration layers the CLI sees: file, environment, flags. */
export interface ConfigLayers {
  readonly file: { source: string; values: ConfigInput } | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags: ConfigInput;
}

function deepMerge(base: ConfigInput, over: ConfigInput): ConfigInput {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] =
      typeof prev === 'object' && prev !== null && typeof value === 'object' && value !== null && !Array.isArray(value)
        ? deepMerge(prev as ConfigInput, value as ConfigInput)
        : value;
  }
  return out;
}

/** The config flags carried by the global options (`--home`, `--database-url`, `--log-level`). */
export function globalFlags(options: GlobalOptions): ConfigInput {
  const flags: Record<string, unknown> = {};
  if (options.home !== undefined) flags['home'] = options.home;
  if (options.databaseUrl !== undefined) flags['database'] = { url: options.databaseUrl };
  if (options.logLevel !== undefined) flags['log'] = { level: options.logLevel };
  return flags;
}

/**
 * Collects the layers: `mlpilot.config.json|yaml` from the config directory (default: the working directory),
 * the `MLPILOT_*` environment, and the flags (global ones plus a command's own, e.g. `server --port`).
 */
export function collectLayers(options: {
  cwd: string;
  configDir: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  globals: GlobalOptions;
  extraFlags?: ConfigInput;
}): ConfigLayers {
  const file = readConfigFile(resolve(options.cwd, options.configDir ?? '.'));
  return { file, env: options.env, flags: deepMerge(globalFlags(options.globals), options.extraFlags ?? {}) };
}

/** Resolves the layers: defaults < file < environment < flags (validated and frozen by core). */
export function resolveLayers(layers: ConfigLayers): Readonly<Config> {
  return resolveConfig({ file: layers.file, env: { ...layers.env }, flags: layers.flags });
}

/** One resolved setting and the layer it came from. */
export interface ConfigEntry {
  key: string;
  env: string;
  value: unknown;
  source: string;
}

function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Every leaf setting with its resolved value and where it came from: `flag`, `env MLPILOT_…`, the config
 * file's path, or `default`. Derived values (database URL, artifact root) follow as `derived` entries when not set.
 */
export function explainConfig(config: Readonly<Config>, layers: ConfigLayers, cwd: string): ConfigEntry[] {
  const entries: ConfigEntry[] = configLeaves().map((leaf) => {
    const key = leaf.path.join('.');
    let source = 'default';
    if (getPath(layers.flags, leaf.path) !== undefined) source = 'flag';
    else if (layers.env[leaf.env] !== undefined) source = `env ${leaf.env}`;
    else if (layers.file !== undefined && getPath(layers.file.values, leaf.path) !== undefined) source = layers.file.source;
    return { key, env: leaf.env, value: getPath(config, leaf.path), source };
  });
  for (const entry of entries) {
    if (entry.value !== undefined) continue;
    if (entry.key === 'database.url') {
      entry.value = databaseUrl(config, cwd);
      entry.source = 'derived from home';
    } else if (entry.key === 'artifacts.root') {
      entry.value = artifactRoot(config, cwd);
      entry.source = 'derived from home';
    }
  }
  return entries;
}

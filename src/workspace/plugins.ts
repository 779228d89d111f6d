import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ConfigError, type Config } from '../core/index.js';
import type { Learner } from '../ml/index.js';
import type { DriftMethod } from '../monitor/index.js';
import { loadStoreExtensions } from '../platform/index.js';
import type { StoreExtension } from '../store/index.js';
import type { MonitoringPlugins } from './monitor-alert-service.js';

/**
 * What a workspace is composed with beyond the built-ins. Plug-ins given as objects serve this process; plug-ins
 * that job threads and `mlpilot worker` processes must see travel as handler modules (file URLs), which every such
 * process imports itself. Later capabilities add their kinds here (drift methods, detectors, strategies).
 */
export interface WorkspacePlugins {
  /** Learners beyond the built-ins, for training in this process. */
  readonly learners?: readonly Learner[];
  /** Store extensions (a capability's tables, events and repositories) for this process's store. */
  readonly storeExtensions?: readonly StoreExtension[];
  /** Handler modules (file URLs) beyond `jobs.handlerModules` of the configuration. */
  readonly handlerModules?: readonly string[];
  /** What monitors read and act through in this process: the prediction log, an estimator, the rollback hook. */
  readonly monitoring?: MonitoringPlugins;
  /** Drift methods beyond the built-ins (`defineDriftMethod`), for drift comparisons in this process. */
  readonly driftMethods?: readonly DriftMethod[];
}

/** What a plug-in module may export; it must export at least one of these. */
export interface PluginModule {
  readonly jobHandlers?: unknown;
  readonly learners?: unknown;
  readonly storeExtensions?: unknown;
}

/** The plug-in kinds a module may export, in the order the docs list them. */
const PLUGIN_EXPORTS = ['jobHandlers', 'learners', 'storeExtensions'] as const;

/** The workspace's own job handlers (training, batch prediction), as a module URL for threads and workers. */
export const WORKSPACE_HANDLERS = new URL(`./job-handlers${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/**
 * The file URL of each configured handler module: `file:` URLs as they are, paths resolved against the project
 * directory, package names resolved from the project's `node_modules`.
 * @throws MLP_CONFIG_INVALID naming the entry that cannot be resolved.
 */
export function handlerModuleUrls(config: Readonly<Config>, cwd: string): string[] {
  return config.jobs.handlerModules.map((entry, i) => {
    if (entry.startsWith('file:')) return entry;
    if (entry.startsWith('.') || isAbsolute(entry)) return pathToFileURL(resolve(cwd, entry)).href;
    try {
      return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(entry)).href;
    } catch (error) {
      throw ConfigError(
        { source: 'configuration', path: `jobs.handlerModules.${i}`, problem: `cannot resolve ${JSON.stringify(entry)} from ${cwd}` },
        error,
      );
    }
  });
}

/** The in-process plug-ins that modules export. */
export interface LoadedPlugins {
  readonly learners: Learner[];
  readonly storeExtensions: StoreExtension[];
}

/**
 * Imports plug-in modules and returns the learners and store extensions they export (job handlers are loaded by
 * each job runner from the same URLs).
 * @throws MLP_CONFIG_INVALID for a module that cannot be imported, exports no known plug-in kind, or whose
 *   `learners` / `storeExtensions` export is not an array.
 */
export async function loadPlugins(urls: readonly string[]): Promise<LoadedPlugins> {
  const learners: Learner[] = [];
  if (urls.length === 0) return { learners, storeExtensions: [] };
  for (const url of urls) {
    let mod: PluginModule;
    try {
      mod = (await import(url)) as PluginModule;
    } catch (error) {
      throw ConfigError({ source: url, path: '', problem: `cannot import the module: ${(error as Error).message}` }, error);
    }
    if (PLUGIN_EXPORTS.every((kind) => mod[kind] === undefined)) {
      throw ConfigError({ source: url, path: '', problem: `a plug-in module must export at least one of ${PLUGIN_EXPORTS.join(', ')}` });
    }
    if (mod.learners === undefined) continue;
    if (!Array.isArray(mod.learners))
      throw ConfigError({ source: url, path: 'learners', problem: 'the export must be an array of defineLearner(...) results' });
    learners.push(...(mod.learners as Learner[]));
  }
  return { learners, storeExtensions: await loadStoreExtensions(urls) };
}

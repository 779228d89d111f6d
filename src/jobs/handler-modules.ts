import { ConfigError } from '../core/index.js';
import type { Registry } from '../core/index.js';
import type { StoreExtension } from '../store/index.js';
import type { JobHandler } from './handler.js';
import { builtinJobHandlers } from './handlers/index.js';

/** A plug-in module's export `name` as an array, or undefined when it does not export it. */
async function arrayExport(url: string, name: string, what: string): Promise<unknown[] | undefined> {
  const mod = (await import(url)) as Record<string, unknown>;
  const value = mod[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw ConfigError({ source: url, path: name, problem: `the export must be an array of ${what}` });
  return value;
}

/**
 * The handler registry a process (and each of its pool threads) uses: the built-ins plus the `jobHandlers` array
 * exported by each module in `handlerModules` (file URLs). Pool threads cannot receive functions, so handlers
 * beyond the built-ins travel as module URLs and every thread imports them itself. A module may export other
 * plug-ins instead (`storeExtensions`, and `learners`, which the workspace reads); one without `jobHandlers` adds
 * no handler.
 * @throws MLP_CONFIG_INVALID when a module's `jobHandlers` is not an array; MLP_CORE_DUPLICATE_ID on a taken id;
 * MLP_CORE_INVALID_ID on an id that is not kebab-case.
 */
export async function loadJobHandlers(handlerModules: readonly string[] = []): Promise<Registry<JobHandler>> {
  const registry = builtinJobHandlers();
  for (const url of handlerModules) {
    for (const handler of (await arrayExport(url, 'jobHandlers', 'defineJobHandler(...) results')) ?? []) registry.register(handler as JobHandler);
  }
  return registry;
}

/**
 * The store extensions the modules export (`storeExtensions`), which every process of a workspace opens its store
 * with, so a capability's job handlers reach their tables from any thread or worker.
 * @throws MLP_CONFIG_INVALID when a module's `storeExtensions` is not an array.
 */
export async function loadStoreExtensions(handlerModules: readonly string[]): Promise<StoreExtension[]> {
  const out: StoreExtension[] = [];
  for (const url of handlerModules) out.push(...(((await arrayExport(url, 'storeExtensions', 'defineStoreExtension(...) results')) ?? []) as StoreExtension[]));
  return out;
}

import { ConfigError } from '../core/index.js';
import type { StoreExtension } from '../store/index.js';

/**
 * A plug-in module's export `name` as an array, or undefined when the module does not export it. Plug-in modules
 * (file URLs) carry what cannot cross to threads and other processes as objects: job handlers, learners, store
 * extensions; every process that needs them imports the module itself.
 * @throws MLP_CONFIG_INVALID when the export is not an array (`what` says what it must hold).
 */
export async function moduleArrayExport(url: string, name: string, what: string): Promise<unknown[] | undefined> {
  const mod = (await import(url)) as Record<string, unknown>;
  const value = mod[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw ConfigError({ source: url, path: name, problem: `the export must be an array of ${what}` });
  return value;
}

/**
 * The store extensions the modules export (`storeExtensions`), which every process of a workspace opens its store
 * with, so a capability's job handlers reach their tables from any thread or worker.
 * @throws MLP_CONFIG_INVALID when a module's `storeExtensions` is not an array.
 */
export async function loadStoreExtensions(urls: readonly string[]): Promise<StoreExtension[]> {
  const out: StoreExtension[] = [];
  for (const url of urls)
    out.push(...(((await moduleArrayExport(url, 'storeExtensions', 'defineStoreExtension(...) results')) ?? []) as StoreExtension[]));
  return out;
}

import type { Registry } from '../core/index.js';
import { moduleArrayExport } from '../platform/index.js';
import type { JobHandler } from './handler.js';
import { builtinJobHandlers } from './handlers/index.js';

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
    for (const handler of (await moduleArrayExport(url, 'jobHandlers', 'defineJobHandler(...) results')) ?? [])
      registry.register(handler as JobHandler);
  }
  return registry;
}

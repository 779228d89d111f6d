/**
 * The store extensions of mlpilot's own capabilities. `Workspace.open` opens the store with them, and the
 * workspace's handler module exports them as `storeExtensions`, so every job thread and `mlpilot worker` does too.
 */
import { monitorStore } from '../monitor/index.js';
import type { StoreExtension } from '../store/index.js';

export const builtinStoreExtensions: readonly StoreExtension[] = [monitorStore];

/**
 * The platform of one workspace — its store, artifact store and event log — opened from the workspace's settings
 * (project directory and resolved configuration). One definition shared by `Workspace.open`, job pool threads and
 * `mlpilot worker` processes, so a job handler finds the same data from any process.
 */
export { openPlatform } from './open-platform.js';
export type { Platform, PlatformSettings } from './open-platform.js';
export { loadStoreExtensions, moduleArrayExport } from './plugin-modules.js';

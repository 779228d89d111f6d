/** Platform core: errors, registries, names and ids, time, logging and configuration. Imports nothing of ours. */
export * from './errors/index.js';
export { Registry } from './registry.js';
export type { Registrable } from './registry.js';
export { assertKey, assertName, assertRelativePath } from './names.js';
export { isId, newId } from './ids.js';
export { ManualClock, systemClock, systemMonotonicClock } from './clock.js';
export type { Clock, MonotonicClock } from './clock.js';
export { escapeHtml, reportPage } from './html.js';
export { toJsonObject, toJsonValue } from './json.js';
export type { JsonObject, JsonValue } from './json.js';
export { metricFromJson, metricToJson, NON_FINITE_JSON } from './metric-json.js';
export type { NonFiniteJson } from './metric-json.js';
export { createLogger, LOG_LEVELS, silentLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { localActor, osUserName } from './actor.js';
export { TASKS } from './task.js';
export type { Task } from './task.js';
export { SPLIT_MODES } from './split-mode.js';
export type { SplitMode } from './split-mode.js';
export {
  artifactRoot,
  CONFIG_FILES,
  configFromEnv,
  configLeaves,
  configSchema,
  databaseUrl,
  isPostgresUrl,
  readConfigFile,
  requirePostgres,
  resolveConfig,
} from './config.js';
export type { Config, ConfigInput } from './config.js';
export { MLPILOT_VERSION } from './version.js';
export { seededRandom } from './random.js';
export { startWorker } from './worker-thread.js';
export type { WorkerStartOptions } from './worker-thread.js';
export { MONITOR_SIGNAL_KINDS, monitorActionSchema, monitorSpecSchema, monitorsConfigSchema } from './monitor-config.js';
export type {
  MonitorAction,
  MonitorSignal,
  MonitorSignalKind,
  MonitorSpec,
  MonitorSpecInput,
  MonitorThreshold,
  MonitorWindowSpec,
} from './monitor-config.js';

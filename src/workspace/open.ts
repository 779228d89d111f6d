import {
  type Clock,
  type ConfigInput,
  localActor,
  type Logger,
  readConfigFile,
  resolveConfig,
  silentLogger,
  systemClock,
} from '../core/index.js';
import { Workspace } from './workspace.js';

/** Where the configuration comes from; the caller hands in the environment (only edges read it themselves). */
export interface OpenOptions {
  /** Project directory holding mlpilot.config.json|yaml and `.mlpilot/`. */
  cwd: string;
  /** Usually `process.env`: `MLPILOT_*` variables override the config file. */
  env?: Record<string, string | undefined>;
  /** The top configuration layer (command-line flags). */
  flags?: ConfigInput;
  clock?: Clock;
  logger?: Logger;
  /** Defaults to the OS user name. */
  actor?: string;
}

/**
 * Resolves the configuration (defaults < file < env < flags) and opens the workspace it describes.
 * @throws MLP_CONFIG_INVALID, MLP_STORE_UNAVAILABLE
 */
export async function openWorkspace(options: OpenOptions): Promise<Workspace> {
  const config = resolveConfig({ file: readConfigFile(options.cwd), env: options.env ?? {}, flags: options.flags ?? {} });
  return Workspace.open({
    cwd: options.cwd,
    config,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    actor: options.actor ?? localActor(),
  });
}

import { isAbsolute, resolve } from 'node:path';

import {
  createLogger,
  localActor,
  LOG_LEVELS,
  systemClock,
  type Clock,
  type Config,
  type ConfigInput,
  type Logger,
  type LogLevel,
} from '../core/index.js';
import type { Workspace } from '../workspace/index.js';
import { collectLayers, explainConfig, resolveLayers, type ConfigEntry, type ConfigLayers, type GlobalOptions } from './config-layers.js';
import type { CliIo } from './io.js';
import { Output } from './output/output.js';

/**
 * Everything one command invocation needs: output, resolved configuration, logger, clock, actor, and
 * resources to close when it ends. Built by the command helper from commander's parsed global options.
 */
export class CliContext {
  readonly io: CliIo;
  readonly out: Output;
  readonly globals: GlobalOptions;
  /** The working directory (`--cwd`, else the process's). */
  readonly cwd: string;
  /** The wall clock: the CLI is an edge (DESIGN.md §2). */
  readonly clock: Clock = systemClock;
  readonly actor: string;
  readonly #closers: Array<() => Promise<void>> = [];
  #config: Readonly<Config> | undefined;
  #layers: ConfigLayers | undefined;
  #logger: Logger | undefined;
  #workspace: Promise<Workspace> | undefined;

  constructor(io: CliIo, globals: GlobalOptions, actor: string = localActor()) {
    this.io = io;
    this.globals = globals;
    this.cwd = resolve(io.cwd, globals.cwd ?? '.');
    this.actor = actor;
    this.out = new Output({ stdout: io.stdout, stderr: io.stderr, json: globals.json === true, env: io.env });
  }

  /** A user-given file path, resolved against the working directory (`--cwd`). */
  resolvePath(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /** The write context for store mutations. */
  get writeContext(): { actor: string } {
    return { actor: this.actor };
  }

  /**
   * The resolved configuration: defaults < file < `MLPILOT_*` environment < flags. `extraFlags` are a
   * command's own config flags (e.g. `server --port`); the first call fixes them.
   * @throws MLP_CONFIG_INVALID naming the layer and dotted key.
   */
  config(extraFlags?: ConfigInput): Readonly<Config> {
    if (this.#config === undefined) {
      this.#layers = collectLayers({
        cwd: this.cwd,
        configDir: this.globals.configDir,
        env: this.io.env,
        globals: this.globals,
        extraFlags,
      });
      this.#config = resolveLayers(this.#layers);
    }
    return this.#config;
  }

  /** Every setting with its value and the layer it came from (for `config show`). */
  explainConfig(): ConfigEntry[] {
    const config = this.config();
    return explainConfig(config, this.#layers as ConfigLayers, this.cwd);
  }

  /** The effective log level: the resolved config's, or the `--log-level` flag when config cannot resolve. */
  get logLevel(): LogLevel {
    if (this.#config !== undefined) return this.#config.log.level;
    const flag = this.globals.logLevel;
    return (LOG_LEVELS as readonly string[]).includes(flag ?? '') ? (flag as LogLevel) : 'warn';
  }

  /** A JSON-lines logger on stderr at the configured level. */
  logger(): Logger {
    if (this.#logger === undefined) {
      const level = this.config().log.level;
      const stderr = this.io.stderr;
      this.#logger = createLogger({ level, write: (line) => stderr.write(line), now: () => this.clock.now() });
    }
    return this.#logger;
  }

  /**
   * Opens the workspace the configuration describes (store with migrations, artifacts, events); it is closed
   * when the command ends. `extraFlags` as for {@link config}.
   * @throws MLP_CONFIG_INVALID, MLP_STORE_UNAVAILABLE, MLP_STORE_UNSUPPORTED_URL
   */
  async workspace(extraFlags?: ConfigInput): Promise<Workspace> {
    if (this.#workspace === undefined) {
      const config = this.config(extraFlags);
      this.#workspace = (async () => {
        // Loaded here, not at start-up: `mlpilot --help` and `config show` never open a workspace.
        const { Workspace } = await import('../workspace/index.js');
        const ws = await Workspace.open({ cwd: this.cwd, config, clock: this.clock, logger: this.logger(), actor: this.actor });
        this.onClose(() => ws.close());
        return ws;
      })();
    }
    return this.#workspace;
  }

  /** Registers a resource to close when the command ends (last registered closes first). */
  onClose(close: () => Promise<void>): void {
    this.#closers.push(close);
  }

  /** Closes every registered resource; errors while closing are logged, not thrown. */
  async close(): Promise<void> {
    while (this.#closers.length > 0) {
      const close = this.#closers.pop() as () => Promise<void>;
      try {
        await close();
      } catch (error) {
        this.out.note(`warning: while closing: ${(error as Error).message}`);
      }
    }
  }
}

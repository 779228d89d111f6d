/**
 * The CLI's window on the process: where output goes, the environment, the working directory and the signal
 * that stops long-running commands. `main()` takes one so tests can run commands in-process.
 */

/** A text sink such as `process.stdout`. */
export interface OutStream {
  write(chunk: string): unknown;
  /** True when a terminal is attached (colours, progress bars). */
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Environment variables (`MLPILOT_*` config, `NO_COLOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory commands resolve relative paths against. */
  readonly cwd: string;
  /**
   * Stops long-running commands (`server`, `worker`, `events list --follow`, `jobs submit --wait`). When absent,
   * SIGINT/SIGTERM of the process stop them.
   */
  readonly signal?: AbortSignal;
}

/**
 * The exit status when the reader of stdout or stderr goes away early (`mlpilot runs list | head -1`): 0, not
 * the 141 of a process killed by SIGPIPE, because a reader that stops reading is ordinary use and must not fail
 * a `set -o pipefail` script. docs/cli.md documents it.
 */
export const BROKEN_PIPE_EXIT = 0;

let pipesGuarded = false;

/**
 * Ends the process quietly with {@link BROKEN_PIPE_EXIT} when a write to `streams` fails with EPIPE (the reader
 * closed the pipe), instead of Node's unhandled-'error' crash with a stack trace. Other stream errors still
 * crash as before. Like a process killed by SIGPIPE it stops at once; store writes are transactions, so an
 * interrupted command leaves no half-written record.
 */
export function exitOnBrokenPipe(
  streams: readonly NodeJS.WriteStream[],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      exit(BROKEN_PIPE_EXIT);
    });
  }
}

/** The real process: stdout, stderr, `process.env`, `process.cwd()`; a closed stdout or stderr ends it quietly. */
export function processIo(): CliIo {
  if (!pipesGuarded) {
    pipesGuarded = true;
    exitOnBrokenPipe([process.stdout, process.stderr]);
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Resolves when `io.signal` aborts or, without one, when the process receives SIGINT or SIGTERM. The returned
 * `dispose` removes the signal handlers again.
 */
export function waitForStop(io: CliIo): { stopped: Promise<string>; signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stopped = new Promise<string>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(String(controller.signal.reason ?? 'stop')), { once: true });
  });
  if (io.signal !== undefined) {
    const outer = io.signal;
    const forward = (): void => controller.abort('stop');
    if (outer.aborted) forward();
    else outer.addEventListener('abort', forward, { once: true });
    return { stopped, signal: controller.signal, dispose: () => outer.removeEventListener('abort', forward) };
  }
  const onSignal = (name: NodeJS.Signals): void => controller.abort(name);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    stopped,
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

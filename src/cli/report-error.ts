import { CommanderError } from 'commander';

import { ExitCode, isMlpError, type ExitCodeValue } from '../core/index.js';
import type { OutStream } from './io.js';
import { escapeControls, escapeJsonControls } from './output/sanitize.js';

/** How `main()` reports a failure: which streams, JSON or text, and whether stacks may be shown. */
export interface ErrorReportOptions {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly json: boolean;
  readonly debug: boolean;
}

/**
 * Turns anything thrown while running a command into output and an exit code (DESIGN.md §6):
 * - catalog errors (`MlpError`): `error MLP_…: message` on stderr, or `{"error":{code,message,details}}` on
 *   stdout with `--json`; the catalog's exit code;
 * - commander errors: help/version → 0 (commander already printed); usage problems → 2 (commander already
 *   printed its message to stderr; with `--json` the same message is also written as a JSON error);
 * - anything else: a short message, exit 1; the stack only when debugging.
 * Messages quote user input (names, paths), so the text forms escape control characters like all human output.
 */
export function reportError(error: unknown, options: ErrorReportOptions): ExitCodeValue {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return ExitCode.ok;
    if (options.json) {
      writeJsonError(options.stdout, 'MLP_CLI_USAGE', error.message.replace(/^error: /, ''), { commanderCode: error.code });
    }
    return ExitCode.usage;
  }
  if (isMlpError(error)) {
    if (options.json) options.stdout.write(`${escapeJsonControls(JSON.stringify(error.toJSON()))}\n`);
    else options.stderr.write(`error ${error.code}: ${escapeControls(error.message)}\n`);
    if (options.debug) writeStack(options.stderr, error);
    return error.exitCode;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (options.json) writeJsonError(options.stdout, 'MLP_CORE_INTERNAL', `unexpected failure: ${message}`, {});
  else
    options.stderr.write(
      `error: unexpected failure: ${escapeControls(message)}${options.debug ? '' : ' (run with --log-level debug for the stack)'}\n`,
    );
  if (options.debug) writeStack(options.stderr, error);
  return ExitCode.internal;
}

function writeJsonError(stream: OutStream, code: string, message: string, details: Record<string, unknown>): void {
  stream.write(`${escapeJsonControls(JSON.stringify({ error: { code, message, details } }))}\n`);
}

function writeStack(stream: OutStream, error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    stream.write(`${depth === 0 ? '' : 'caused by: '}${escapeControls(current.stack ?? current.message)}\n`);
    current = current.cause;
  }
}

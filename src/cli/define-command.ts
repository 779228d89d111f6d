import type { Command } from 'commander';

import type { GlobalOptions } from './config-layers.js';
import { CliContext } from './context.js';
import type { CliIo } from './io.js';

/** State shared by one `main()` call: the io, and the context of the command that ran (for error reporting). */
export interface CliSession {
  readonly io: CliIo;
  /** Set when a command's action starts. */
  context: CliContext | undefined;
  /** A non-zero exit code a command chose without throwing (e.g. 10 when a check failed). */
  exitCode: number | undefined;
}

/** One noun of `mlpilot <noun> <verb>`: plain data plus the function that adds it to the program. */
export interface CliCommand {
  /** The noun (`data`, `runs`, …) or a lone command (`quickstart`, `server`). */
  readonly name: string;
  readonly summary: string;
  /** Adds the command (and its verbs) to `program`. */
  readonly register: (program: Command, session: CliSession) => void;
}

/** Builds one CLI command file's export; keeps every noun to the same shape (like typescript-eslint's createRule). */
export function defineCommand(spec: CliCommand): CliCommand {
  return Object.freeze({ ...spec });
}

/** Appends an "Examples:" section to a command's `--help`. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  if (examples.length > 0) {
    command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}`);
  }
  return command;
}

/** What a verb's action receives: positional arguments (a variadic last one as an array) and its own options. */
export type ActionArgs = Array<string | string[] | undefined>;

/**
 * Adds a verb to `parent` (`parent.command(usage)`), with its summary, examples and options, and an action
 * that builds a {@link CliContext} from the parsed global options, runs `run`, and closes the context.
 * `run` may return an exit code (e.g. 10 when a check failed); a thrown catalog error becomes its exit code in `main()`.
 */
export function verb<O extends object>(
  parent: Command,
  session: CliSession,
  spec: {
    usage: string;
    summary: string;
    examples: readonly string[];
    options?: (command: Command) => void;
    aliases?: readonly string[];
  },
  run: (ctx: CliContext, args: ActionArgs, options: O) => Promise<number | void>,
): Command {
  const command = parent.command(spec.usage).description(spec.summary);
  for (const alias of spec.aliases ?? []) command.alias(alias);
  spec.options?.(command);
  withExamples(command, spec.examples);
  command.action(async (...raw: unknown[]) => {
    const self = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2) as ActionArgs;
    const ctx = new CliContext(session.io, self.optsWithGlobals() as GlobalOptions);
    session.context = ctx;
    try {
      const code = await run(ctx, args, self.opts() as O);
      if (typeof code === 'number' && code !== 0) session.exitCode = code;
    } finally {
      await ctx.close();
    }
  });
  return command;
}

/** Adds a noun (a command that only groups verbs) to the program. */
export function noun(program: Command, name: string, summary: string, examples: readonly string[]): Command {
  const command = program.command(name).description(summary);
  withExamples(command, examples);
  return command;
}

/** The positional argument at `index` as a string (commander already enforced required ones). */
export function arg(args: ActionArgs, index: number): string {
  const value = args[index];
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

/** The positional argument at `index` as a list (variadic arguments). */
export function argList(args: ActionArgs, index: number): string[] {
  const value = args[index];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

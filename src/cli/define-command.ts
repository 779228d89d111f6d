import type { Command } from 'commander';

import type { GlobalOptions } from './config-layers.js';
import type { CliContext } from './context.js';
import type { CliIo } from './io.js';

/*
 * Start-up stays fast because a command's parts load in three steps (issue 13 §7):
 * 1. the command index (commands/index.ts): every noun's name, description and examples, and the lone commands'
 *    definitions: enough for `mlpilot --help`;
 * 2. a noun's verb definitions (commands/<noun>.ts: usage, options, help text), added before parsing when the
 *    arguments name the noun (`mlpilot runs …`, `mlpilot help runs`; see `addVerbs` in program.ts);
 * 3. a verb's implementation (actions/<noun>.ts) and the context it runs in, loaded when the verb runs.
 * Definitions import core and the CLI's own helpers; the platform and the engine are reached from actions only
 * (and from the definitions of `models` and `tokens`, for the flavors and roles their options accept).
 */

/** State shared by one `main()` call: the io, and the context of the command that ran (for error reporting). */
export interface CliSession {
  readonly io: CliIo;
  /** Set when a command's action starts. */
  context: CliContext | undefined;
  /** A non-zero exit code a command chose without throwing (e.g. 10 when a check failed). */
  exitCode: number | undefined;
}

/** Adds a noun's verbs to the noun's command (what a `commands/<noun>.ts` module exports). */
export type VerbRegistrar = (noun: Command, session: CliSession) => void;

/** One entry of the command index: a noun of `mlpilot <noun> <verb>` or a lone command (`quickstart`, `server`). */
export interface CliCommand {
  /** The noun (`data`, `runs`, …) or the lone command's name. */
  readonly name: string;
  /** What the top-level help says about it. */
  readonly summary: string;
  /** Adds the command to `program`: a lone command whole, a noun without its verbs. */
  readonly register: (program: Command, session: CliSession) => void;
  /** Loads a noun's verb definitions, to add to the noun's command (absent for lone commands). */
  readonly verbs?: () => Promise<VerbRegistrar>;
}

/** Builds a lone command's index entry; keeps every entry to the same shape (like typescript-eslint's createRule). */
export function defineCommand(spec: { name: string; summary: string; register: CliCommand['register'] }): CliCommand {
  return Object.freeze({ ...spec });
}

/**
 * Builds a noun's index entry: `register` adds the noun with its description and examples only; its verbs come
 * from `verbs`, loaded when the arguments name the noun. `mlpilot --help` therefore loads no verb definitions.
 */
export function defineNoun(spec: {
  name: string;
  summary: string;
  examples: readonly string[];
  verbs: () => Promise<VerbRegistrar>;
}): CliCommand {
  return Object.freeze({
    name: spec.name,
    summary: spec.summary,
    verbs: spec.verbs,
    register: (program: Command) => void noun(program, spec.name, spec.summary, spec.examples),
  });
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
 * A verb's implementation: it may return an exit code (e.g. 10 when a check failed); a thrown catalog error
 * becomes its exit code in `main()`.
 */
export type VerbAction<O extends object> = (ctx: CliContext, args: ActionArgs, options: O) => Promise<number | void>;

/** What `mlpilot … --help` shows of a verb, and how commander parses it. */
export interface VerbSpec {
  usage: string;
  summary: string;
  examples: readonly string[];
  options?: (command: Command) => void;
  aliases?: readonly string[];
}

/**
 * Adds a verb to `parent` (`parent.command(usage)`), with its summary, examples and options. When it runs, its
 * implementation (`action()`, a dynamic import) and the {@link CliContext} are loaded; the context is built from
 * the parsed global options, the implementation runs, and the context is closed.
 */
export function verb<O extends object>(
  parent: Command,
  session: CliSession,
  spec: VerbSpec,
  action: () => Promise<VerbAction<O>>,
): Command {
  const command = parent.command(spec.usage).description(spec.summary);
  for (const alias of spec.aliases ?? []) command.alias(alias);
  spec.options?.(command);
  withExamples(command, spec.examples);
  command.action(async (...raw: unknown[]) => {
    const self = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2) as ActionArgs;
    const [{ CliContext }, run] = await Promise.all([import('./context.js'), action()]);
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
function noun(program: Command, name: string, summary: string, examples: readonly string[]): Command {
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

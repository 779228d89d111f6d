import { Command, Option } from 'commander';

import { LOG_LEVELS, MLPILOT_VERSION } from '../core/index.js';
import { commands } from './commands/index.js';
import { withExamples, type CliSession } from './define-command.js';
import { escapeControls } from './output/sanitize.js';

/**
 * Builds a fresh commander program (commander keeps parsed values on the objects, so every `main()` call gets
 * its own): global options, every command from the explicit index, errors routed to `main()` instead of
 * `process.exit`, and help/usage text written to the session's streams.
 */
export function buildProgram(session: CliSession): Command {
  const program = new Command('mlpilot')
    .description('DevOps for machine-learning models: track runs, version data and models, ship and watch them.')
    .version(MLPILOT_VERSION, '-V, --version', 'print the mlpilot version')
    .addOption(new Option('--json', 'machine-readable JSON on stdout (nothing else goes to stdout)'))
    .addOption(new Option('--cwd <dir>', 'project directory: .mlpilot/ and relative paths resolve here (default: current directory)'))
    .addOption(new Option('--config-dir <dir>', 'directory holding mlpilot.config.json|yaml (default: --cwd)'))
    .addOption(new Option('--database-url <url>', 'metadata store: sqlite:PATH or postgres://… (overrides MLPILOT_DATABASE_URL)'))
    .addOption(new Option('--home <dir>', 'folder for the embedded SQLite file and artifacts (default .mlpilot)'))
    .addOption(new Option('--log-level <level>', 'log verbosity on stderr').choices([...LOG_LEVELS]))
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      // Usage errors quote the arguments: escaped like every human output.
      writeOut: (text) => void session.io.stdout.write(escapeControls(text)),
      writeErr: (text) => void session.io.stderr.write(escapeControls(text)),
    });
  withExamples(program, [
    'mlpilot quickstart',
    'mlpilot data add iris.csv --name iris',
    'mlpilot runs search --filter "metrics.accuracy > 0.9" --order-by "metrics.accuracy desc"',
    'mlpilot models alias iris-classifier champion 2',
    'mlpilot server --port 8080',
    'mlpilot runs list --json | jq ".[0].id"',
  ]);
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 internal error, 2 usage or configuration, 3 invalid input, 4 not found, 5 conflict,\n' +
      '10 a check or gate failed. Configuration: defaults < mlpilot.config.json|yaml < MLPILOT_* environment < flags.',
  );
  for (const command of commands) command.register(program, session);
  return program;
}

/**
 * Adds the verbs of the nouns named in `args` (of every noun when `args` is omitted) to a program from
 * {@link buildProgram}. Commander dispatches to a noun, or prints its help for `help NOUN`, only when an argument
 * is exactly the noun's name, so the nouns named anywhere in the arguments include every noun this parse can
 * reach; the others' definitions are never loaded.
 */
export async function addVerbs(program: Command, session: CliSession, args?: readonly string[]): Promise<void> {
  await Promise.all(
    commands.map(async ({ name, verbs }) => {
      if (verbs === undefined || (args !== undefined && !args.includes(name))) return;
      const register = await verbs();
      register(program.commands.find((command) => command.name() === name) as Command, session);
    }),
  );
}

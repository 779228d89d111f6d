import { ExitCode } from '../core/index.js';
import type { CliSession } from './define-command.js';
import { processIo, type CliIo } from './io.js';
import { addVerbs, buildProgram } from './program.js';
import { reportError } from './report-error.js';

/** Whether the raw arguments ask for `flag` (before a `--` terminator). */
function hasFlag(argv: readonly string[], flag: string): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(flag);
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const item = argv[i] as string;
    if (item === '--') return undefined;
    if (item === flag) return argv[i + 1];
    if (item.startsWith(`${flag}=`)) return item.slice(flag.length + 1);
  }
  return undefined;
}

/**
 * Runs `mlpilot <argv…>` and returns the exit code; never calls `process.exit` (bin/mlpilot.js sets
 * `process.exitCode`). Pass `io` to run in-process with captured output (tests).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const session: CliSession = { io, context: undefined, exitCode: undefined };
  const program = buildProgram(session);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  try {
    await addVerbs(program, session, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return session.exitCode ?? ExitCode.ok;
  } catch (error) {
    const context = session.context;
    const json = context?.out.jsonMode ?? hasFlag(argv, '--json');
    const debug = (context?.logLevel ?? flagValue(argv, '--log-level') ?? io.env['MLPILOT_LOG_LEVEL']) === 'debug';
    return reportError(error, { stdout: io.stdout, stderr: io.stderr, json, debug });
  }
}

import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';

import { NotFoundError, ValidationError } from '../../../src/core/index.js';
import { reportError } from '../../../src/cli/report-error.js';
import { Capture } from '../../fixtures/cli/run-cli.js';

function streams(json: boolean, debug = false): { stdout: Capture; stderr: Capture; json: boolean; debug: boolean } {
  return { stdout: new Capture(), stderr: new Capture(), json, debug };
}

describe('reportError', () => {
  it('prints a catalog error as "error CODE: message" on stderr and returns its exit code', () => {
    const io = streams(false);
    const code = reportError(NotFoundError({ entity: 'run', key: 'r1' }), io);
    expect(code).toBe(4);
    expect(io.stderr.text).toBe('error MLP_STORE_NOT_FOUND: run "r1" not found.\n');
    expect(io.stdout.text).toBe('');
  });

  it('prints a catalog error as the REST error document on stdout with --json', () => {
    const io = streams(true);
    expect(reportError(ValidationError({ field: 'x', problem: 'bad' }), io)).toBe(3);
    expect(JSON.parse(io.stdout.text)).toEqual({
      error: { code: 'MLP_CORE_VALIDATION', message: 'invalid value at x: bad.', details: { field: 'x', problem: 'bad' } },
    });
    expect(io.stderr.text).toBe('');
  });

  it('maps commander usage errors to 2 and help/version to 0', () => {
    expect(reportError(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'x'"), streams(false))).toBe(2);
    expect(reportError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), streams(false))).toBe(0);
    const io = streams(true);
    reportError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), io);
    expect(JSON.parse(io.stdout.text)).toMatchObject({ error: { code: 'MLP_CLI_USAGE', message: "unknown option '--x'" } });
  });

  it('reports unexpected errors with exit 1, and the stack only when debugging', () => {
    const quiet = streams(false);
    expect(reportError(new TypeError('boom'), quiet)).toBe(1);
    expect(quiet.stderr.text).toBe('error: unexpected failure: TypeError: boom (run with --log-level debug for the stack)\n');
    const loud = streams(false, true);
    reportError(new TypeError('boom'), loud);
    expect(loud.stderr.text).toContain('at ');
  });
});

import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { CliSession } from '../../../src/cli/define-command.js';
import { buildProgram } from '../../../src/cli/program.js';
import { captureHelp, HELP_FIXTURE, helpArgvs, type HelpCase } from '../../fixtures/cli/capture-help.js';
import { Capture } from '../../fixtures/cli/run-cli.js';

// Recorded from main before command definitions were split from their implementations; see capture-help.ts.
const recorded = JSON.parse(readFileSync(HELP_FIXTURE, 'utf8')) as HelpCase[];

describe('help text', () => {
  it('is recorded for every command and verb the program has (and for no other)', () => {
    const session: CliSession = { io: { stdout: new Capture(), stderr: new Capture(), env: {}, cwd: '/' }, context: undefined, exitCode: undefined };
    expect(helpArgvs(buildProgram(session)).map((argv) => argv.join(' '))).toEqual(recorded.map((c) => c.argv.join(' ')));
  });

  it.each(recorded.map((c) => [c.argv.join(' ') || '(no arguments)', c] as const))('mlpilot %s prints what it printed before', async (_name, expected) => {
    expect(await captureHelp(expected.argv)).toEqual(expected);
  });
});

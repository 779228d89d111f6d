import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { captureHelp, HELP_FIXTURE, helpArgvs, type HelpCase } from '../../fixtures/cli/capture-help.js';
import { fullProgram } from '../../fixtures/cli/run-cli.js';

// Recorded from main before command definitions were split from their implementations; see capture-help.ts.
const recorded = JSON.parse(readFileSync(HELP_FIXTURE, 'utf8')) as HelpCase[];

describe('help text', () => {
  it('is recorded for every command and verb the program has (and for no other)', async () => {
    expect(helpArgvs(await fullProgram()).map((argv) => argv.join(' '))).toEqual(recorded.map((c) => c.argv.join(' ')));
  });

  it.each(recorded.map((c) => [c.argv.join(' ') || '(no arguments)', c] as const))(
    'mlpilot %s prints what it printed before',
    async (_name, expected) => {
      expect(await captureHelp(expected.argv)).toEqual(expected);
    },
  );
});

import { describe, expect, it } from 'vitest';

import { Output } from '../../../../src/cli/output/output.js';
import { Capture } from '../../../fixtures/cli/run-cli.js';

function output(options: { tty: boolean; json?: boolean; env?: Record<string, string> }): {
  out: Output;
  stdout: Capture;
  stderr: Capture;
} {
  const stdout = new Capture(options.tty);
  const stderr = new Capture(options.tty);
  return { out: new Output({ stdout, stderr, json: options.json ?? false, env: options.env ?? {} }), stdout, stderr };
}

describe('Output', () => {
  it('colours statuses and bold headers only on a terminal without NO_COLOR', () => {
    expect(output({ tty: true }).out.status('failed')).toBe('\u001b[31mfailed\u001b[39m');
    expect(output({ tty: true }).out.bold('H')).toBe('\u001b[1mH\u001b[22m');
    expect(output({ tty: false }).out.status('failed')).toBe('failed');
    expect(output({ tty: true, env: { NO_COLOR: '1' } }).out.status('failed')).toBe('failed');
    expect(output({ tty: true }).out.status('mystery')).toBe('mystery');
  });

  it('with --json writes only the JSON document to stdout and keeps notes on stderr', () => {
    const { out, stdout, stderr } = output({ tty: false, json: true });
    out.line('human text');
    out.table([{ header: 'A' }], [['1']]);
    out.keyValues([['k', 'v']]);
    out.note('a note');
    out.result({ a: 1 }, () => out.line('not this'));
    expect(JSON.parse(stdout.text)).toEqual({ a: 1 });
    expect(stderr.text).toBe('a note\n');
  });

  it('without --json runs the human renderer and never prints JSON', () => {
    const { out, stdout } = output({ tty: false });
    out.result({ a: 1 }, () => out.line('human'));
    expect(stdout.text).toBe('human\n');
    expect(out.wroteJson).toBe(false);
  });

  it('serialises bigint, Map and Set values in JSON', () => {
    const { out, stdout } = output({ tty: false, json: true });
    out.json({ n: 10n, m: new Map([['k', 1]]), s: new Set(['x']) });
    expect(JSON.parse(stdout.text)).toEqual({ n: '10', m: { k: 1 }, s: ['x'] });
  });
});

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { commands } from '../../../src/cli/index.js';
import { fullProgram as program } from '../../fixtures/cli/run-cli.js';

/** Every leaf command (a verb, or a lone command such as quickstart) with its full name. */
function leaves(command: Command, prefix: string[] = []): Array<{ path: string; command: Command }> {
  const subs = command.commands.filter((c) => c.name() !== 'help');
  if (subs.length === 0) return [{ path: prefix.join(' '), command }];
  return subs.flatMap((c) => leaves(c, [...prefix, c.name()]));
}

describe('the command index', () => {
  it('lists every noun once, each registered under its own name', async () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(
      (await program()).commands
        .map((c) => c.name())
        .filter((n) => n !== 'help')
        .sort(),
    ).toEqual([...names].sort());
  });

  it('covers the nouns and verbs of the CLI specification', async () => {
    const paths = leaves(await program()).map((l) => l.path);
    for (const expected of [
      'quickstart',
      'data add',
      'data list',
      'data show',
      'data diff',
      'runs list',
      'runs show',
      'runs search',
      'runs compare',
      'runs delete',
      'runs restore',
      'runs tag',
      'experiments list',
      'experiments create',
      'experiments delete',
      'models list',
      'models show',
      'models create',
      'models register',
      'models versions',
      'models alias',
      'models unalias',
      'models tag',
      'models update',
      'models delete',
      'models export',
      'train',
      'predict',
      'automl',
      'monitor drift',
      'monitor methods',
      'learners list',
      'lineage model',
      'lineage data',
      'events list',
      'events types',
      'artifacts gc',
      'artifacts get',
      'jobs submit',
      'jobs list',
      'jobs show',
      'jobs cancel',
      'worker',
      'server',
      'tokens create',
      'tokens list',
      'tokens revoke',
      'config show',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('gives every verb a description and an Examples section in its help', async () => {
    for (const { path, command } of leaves(await program())) {
      expect(command.description(), path).not.toBe('');
      let help = '';
      command.configureOutput({ writeOut: (s) => void (help += s), writeErr: (s) => void (help += s) });
      command.outputHelp();
      expect(help, path).toMatch(/Examples:\n {2}\$ .*mlpilot /);
    }
  });

  it('never reuses a global option name in a command (commander would hand it to the program)', async () => {
    const root = await program();
    const globals = new Set(root.options.map((o) => o.long));
    for (const { path, command } of leaves(root)) {
      for (const option of command.options) expect(globals.has(option.long), `${path} ${option.long}`).toBe(false);
    }
  });
});

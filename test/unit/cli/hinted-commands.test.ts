import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Command } from 'commander';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { fullProgram } from '../../fixtures/cli/run-cli.js';

// Error hints, notes and "next:" lines name commands (`list versions with \`mlpilot data show NAME --versions\``).
// This test finds every `mlpilot …` inside a string literal of src/ and checks that the words after `mlpilot`
// name a command of the real program and that its `--options` exist, so a renamed or imagined command in a
// message fails here instead of misleading a user.

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

/**
 * Phrases where `mlpilot` is the product in a sentence, not a command ("this mlpilot supports …"): a literal whose
 * `mlpilot …` starts with one of them is prose. A new one goes here; anything else after `mlpilot` is read as a
 * command.
 */
const PROSE = [
  'mlpilot supports',
  'mlpilot bundle',
  'mlpilot reads',
  'mlpilot knows',
  'mlpilot or',
  'mlpilot version',
  'mlpilot runs models with',
];

const isProse = (hint: Hint): boolean => PROSE.some((p) => `mlpilot ${hint.words.join(' ')} `.startsWith(`${p} `));

/** One `mlpilot …` found in a string literal: where, and its words up to the end of the literal. */
interface Hint {
  readonly where: string;
  readonly words: readonly string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The text of every string literal and template piece in a file (comments are not string literals). */
function literals(file: string): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `mlpilot` followed by its words, in every literal of src/. Import specifiers and paths are not hints. */
function findHints(): Hint[] {
  const hints: Hint[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const { text, line } of literals(file)) {
      for (const match of text.matchAll(/(?<![\w/.-])mlpilot((?: +[^\s`'"()]+)*)/g)) {
        hints.push({ where: `${relative(SRC, file)}:${line}`, words: (match[1] ?? '').trim().split(/ +/).filter(Boolean) });
      }
    }
  }
  return hints;
}

function sub(command: Command, word: string): Command | undefined {
  return command.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/** Why `mlpilot words…` is not a command of `program`, or undefined when it is one. */
function problem(program: Command, words: readonly string[]): string | undefined {
  let command = program;
  let i = 0;
  // The command path: lower-case words while the command has subcommands.
  for (; i < words.length && command.commands.length > 0; i += 1) {
    const word = words[i] as string;
    if (!/^[a-z][a-z-]*$/.test(word)) {
      return command === program ? undefined : `"${words.slice(0, i).join(' ')}" needs a subcommand, not "${word}"`;
    }
    const next = sub(command, word);
    if (next === undefined) {
      const known = command.commands.map((c) => c.name()).filter((n) => n !== 'help');
      return `"${word}" is not a ${command === program ? 'command' : `verb of ${command.name()}`} (known: ${known.join(', ')})`;
    }
    command = next;
  }
  if (command === program) return words.length === 0 ? undefined : 'no command';
  const options = new Set([...command.options, ...program.options].flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (const word of words.slice(i)) {
    const flag = /^--?[a-z][a-z-]*/.exec(word)?.[0];
    if (flag !== undefined && !options.has(flag)) return `${flag} is not an option of mlpilot ${commandPath(command)}`;
  }
  return undefined;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

let program: Command;
beforeAll(async () => {
  program = await fullProgram();
});

describe('commands named in messages exist', () => {
  const hints = findHints().filter((h) => !isProse(h));

  it('finds the hints (the scan is not empty)', () => {
    expect(hints.length).toBeGreaterThan(20);
    expect(hints.map((h) => h.words.slice(0, 2).join(' '))).toContain('runs search');
    // Hints of the layers below the CLI are scanned too (the store's not-found hints).
    expect(hints.filter((h) => h.where.startsWith('store/repos/datasets.ts')).map((h) => h.words.slice(0, 2).join(' '))).toContain(
      'data show',
    );
  });

  it.each(hints.map((h) => [`${h.where}: mlpilot ${h.words.join(' ')}`, h] as const))('%s', (_label, hint) => {
    expect(problem(program, hint.words)).toBeUndefined();
  });

  it('the checker rejects an unknown verb, an unknown noun and an unknown option', () => {
    expect(problem(program, ['data', 'versions', 'NAME'])).toMatch(/"versions" is not a verb of data/);
    expect(problem(program, ['dataset', 'list'])).toMatch(/"dataset" is not a command/);
    expect(problem(program, ['tokens', 'create', '--rol', 'admin'])).toMatch(/--rol is not an option of mlpilot tokens create/);
    expect(problem(program, ['runs'])).toBeUndefined();
    expect(problem(program, ['quickstart', 'records', 'one'])).toBeUndefined();
  });
});

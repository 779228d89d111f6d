import { InvalidArgumentError } from 'commander';

import { UsageError, ValidationError, type JsonValue } from '../core/index.js';

/**
 * Option-value parsers. Those handed to commander throw `InvalidArgumentError` (a usage error, exit 2);
 * those called from actions throw catalog errors.
 */

/** A commander parser for an integer in `min..max`. */
export function intOption(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** The `--delimiter` option's help, the same on every command that reads a table file. */
export const DELIMITER_HELP =
  'field separator of a CSV/TSV file: one character, or "tab" (default: sniffed among , ; tab | for CSV; tab for TSV)';

/**
 * A commander parser for `--delimiter`: one printable ASCII character other than `"`, or `tab` / `\t` for a tab.
 */
export function delimiterOption(value: string): string {
  const delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code > 126 || (code < 32 && code !== 9) || delimiter === '"') {
    throw new InvalidArgumentError('expected one printable ASCII character other than a quote, or "tab".');
  }
  return delimiter;
}

/** A commander parser that collects a repeatable option into an array (`--type a --type b`, or `--type a,b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return [...(previous ?? []), ...parts];
}

/**
 * Parses a JSON option value.
 * @throws MLP_CORE_VALIDATION naming the option and the parser's complaint.
 */
export function parseJsonOption(value: string, option: string): JsonValue {
  try {
    return JSON.parse(value) as JsonValue;
  } catch (error) {
    throw ValidationError({
      field: option,
      problem: `not valid JSON (${(error as Error).message}); quote it for your shell, e.g. '{"n": 3}'`,
    });
  }
}

/**
 * Splits `NAME@VERSION` (version a number, `latest` or an alias) into its parts; the version is undefined
 * when there is no `@`.
 * @throws MLP_CLI_USAGE when a part is empty.
 */
export function splitRef(ref: string, what: string): { name: string; version: string | undefined } {
  const at = ref.lastIndexOf('@');
  if (at === -1) return { name: ref, version: undefined };
  const name = ref.slice(0, at);
  const version = ref.slice(at + 1);
  if (name.length === 0 || version.length === 0) {
    throw UsageError({
      problem: `${what} ${JSON.stringify(ref)} is not NAME@VERSION`,
      hint: 'e.g. iris@2, churn@champion or churn@latest',
    });
  }
  return { name, version };
}

/** A version reference as the store takes it: a number when numeric, else the string (`latest`, an alias). */
export function versionRef(version: string | undefined): number | string {
  if (version === undefined) return 'latest';
  return /^\d+$/.test(version) ? Number(version) : version;
}

/**
 * Splits `KIND:ID` (`run:01J…`, `model:m_…`).
 * @throws MLP_CLI_USAGE when there is no colon or a side is empty.
 */
export function parseSubject(value: string, kinds: readonly string[]): { kind: string; id: string | undefined } {
  const colon = value.indexOf(':');
  const kind = colon === -1 ? value : value.slice(0, colon);
  const id = colon === -1 ? undefined : value.slice(colon + 1);
  if (!kinds.includes(kind) || id === '') {
    throw UsageError({ problem: `--subject ${JSON.stringify(value)} is not KIND[:ID]`, hint: `KIND is one of ${kinds.join(', ')}` });
  }
  return { kind, id };
}

/**
 * A positive integer given as a positional argument (a version number).
 * @throws MLP_CORE_VALIDATION naming `field`.
 */
export function positiveInt(value: string, field: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw ValidationError({ field, problem: `${JSON.stringify(value)} is not a version number (1, 2, 3, …)` });
  }
  return n;
}

/**
 * Tokenizer of the run search language. Identifiers are `<entity>.<key>` where the key may be quoted with
 * backticks or double quotes (metrics.`val loss`); string literals use single or double quotes (a quote is
 * escaped by doubling it or with a backslash). Every token carries its character position for errors.
 */
import { SearchSyntaxError } from '../../core/index.js';

export type Entity = 'metric' | 'param' | 'tag' | 'attribute';

export type Token =
  | { kind: 'ident'; entity: Entity; key: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'op'; value: '=' | '!=' | '<' | '<=' | '>' | '>='; pos: number }
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'punct'; value: '(' | ')' | ','; pos: number }
  | { kind: 'end'; pos: number };

const ENTITIES: Record<string, Entity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

const KEY_CHAR = /[A-Za-z0-9_.\-/:]/;

/** Splits `text` into tokens. @throws MLP_STORE_SEARCH_SYNTAX */
export function tokenize(text: string): Token[] {
  const fail = (pos: number, problem: string): never => {
    throw SearchSyntaxError({ filter: text, position: pos, problem });
  };
  const tokens: Token[] = [];
  let i = 0;
  const quoted = (start: number): string => {
    const quote = text[start] as string;
    let out = '';
    let j = start + 1;
    for (;;) {
      if (j >= text.length) fail(start, `unterminated ${quote === '`' ? 'quoted key' : 'string'} starting here`);
      const c = text[j] as string;
      if (c === '\\' && j + 1 < text.length) {
        out += text[j + 1];
        j += 2;
      } else if (c === quote && text[j + 1] === quote) {
        out += quote;
        j += 2;
      } else if (c === quote) {
        i = j + 1;
        return out;
      } else {
        out += c;
        j++;
      }
    }
  };
  while (i < text.length) {
    const c = text[i] as string;
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', value: c, pos: start });
      i++;
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=' || two === '<>') {
        tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two, pos: start });
        i += 2;
      } else if (two === '==') {
        tokens.push({ kind: 'op', value: '=', pos: start });
        i += 2;
      } else if (c === '!') {
        fail(start, 'expected "!=" ');
      } else {
        tokens.push({ kind: 'op', value: c as '=' | '<' | '>', pos: start });
        i++;
      }
    } else if (c === "'" || c === '"') {
      tokens.push({ kind: 'string', value: quoted(start), pos: start });
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
      if (match === null) fail(start, 'malformed number');
      const literal = (match as RegExpExecArray)[0];
      tokens.push({ kind: 'number', value: Number(literal), pos: start });
      i += literal.length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) fail(i, 'unexpected character after a number');
    } else if (/[A-Za-z_]/.test(c)) {
      const word = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray)[0];
      i += word.length;
      const entity = ENTITIES[word.toLowerCase()];
      if (entity !== undefined && text[i] === '.') {
        i++;
        const next = text[i];
        let key: string;
        if (next === '`' || next === '"') {
          key = quoted(i);
        } else {
          const keyStart = i;
          while (i < text.length && KEY_CHAR.test(text[i] as string)) i++;
          key = text.slice(keyStart, i);
        }
        if (key === '') fail(start, `"${word}." must be followed by a key, e.g. ${word}.auc or ${word}.\`key with spaces\``);
        tokens.push({ kind: 'ident', entity, key, pos: start });
      } else {
        tokens.push({ kind: 'word', value: word.toLowerCase(), pos: start });
      }
    } else if (c === '`') {
      fail(start, 'a quoted key needs a prefix: metrics.`name`, params.`name`, tags.`name` or attributes.`name`');
    } else {
      fail(start, `unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

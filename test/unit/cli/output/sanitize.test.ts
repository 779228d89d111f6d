import { describe, expect, it } from 'vitest';

import { Output } from '../../../../src/cli/output/output.js';
import { escapeControls, escapeJsonControls } from '../../../../src/cli/output/sanitize.js';
import { formatKeyValues, formatTable } from '../../../../src/cli/output/table.js';
import { Capture } from '../../../fixtures/cli/run-cli.js';

/** Any character a terminal may act on, but line feed and tab (what human output must never contain from users). */
// eslint-disable-next-line no-control-regex -- the test looks for control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('escapeControls', () => {
  it.each([
    ['\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['\u001b[2J', '\\x1b[2J'],
    ['\u009b2J', '\\x9b2J'],
    ['over\rwrite', 'over\\x0dwrite'],
    ['back\bspace\u007f', 'back\\x08space\\x7f'],
    ['nul\u0000 ff\u000c vt\u000b', 'nul\\x00 ff\\x0c vt\\x0b'],
  ])('writes %j as the visible %s', (input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });

  it('keeps line feeds, tabs, backslashes and non-ASCII letters, and is idempotent', () => {
    const text = 'a\tb\nC:\\data\\ünïcödé ✓ 数据';
    expect(escapeControls(text)).toBe(text);
    const once = escapeControls('\u001b[31mred\u009b');
    expect(escapeControls(once)).toBe(once);
  });

  it('leaves no control character in any of the 160 code points below U+00A0 but LF and TAB', () => {
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    const out = escapeControls(all);
    expect(out).not.toMatch(CONTROL);
    expect(out.replace(/\\x[0-9a-f]{2}/g, '')).toBe(all.replace(new RegExp(CONTROL.source, 'g'), ''));
  });
});

describe('escapeJsonControls', () => {
  it('escapes DEL and C1 controls that JSON.stringify leaves raw, and the JSON still parses to the same value', () => {
    const value = { d: 'x\u009b2J\u007f\u001b[2J' };
    const json = escapeJsonControls(JSON.stringify(value));
    expect(json).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('human renderers escape user text', () => {
  it('formatTable escapes cells before measuring them, and styles only after escaping', () => {
    const text = formatTable([{ header: 'NAME' }, { header: 'STATUS', style: (s) => `<${s}>` }], [['\u001b[2J', 'ok\u0007']]);
    expect(text).toBe('NAME     STATUS\n\\x1b[2J  <ok\\x07>\n');
  });

  it('formatKeyValues escapes keys and values', () => {
    expect(formatKeyValues([['desc\u0007', '\u001b]0;t\u0007']])).toBe('desc\\x07:  \\x1b]0;t\\x07\n');
  });

  it('Output escapes every human write but keeps its own colours on a terminal', () => {
    const stdout = new Capture(true);
    const stderr = new Capture(true);
    const out = new Output({ stdout, stderr, json: false, env: {} });
    out.line('l\u001b[2J');
    out.text('t\u009b');
    out.heading('h\u0007');
    out.keyValues([['k', 'v\r']]);
    out.table([{ header: 'S', style: (s) => out.status(s) }], [['failed']]);
    out.note('n\u001b]0;x\u0007');
    expect(stdout.text).toBe(
      'l\\x1b[2J\nt\\x9b\u001b[1mh\\x07\u001b[22m\nk:  v\\x0d\n\u001b[1mS     \u001b[22m\n\u001b[31mfailed\u001b[39m\n',
    );
    expect(stderr.text).toBe('n\\x1b]0;x\\x07\n');
  });

  it('Output.json stays exact: the parsed document equals the data', () => {
    const stdout = new Capture(false);
    const out = new Output({ stdout, stderr: new Capture(false), json: true, env: {} });
    const data = { description: '\u001b]0;pwned\u0007\u001b[2J\u009b' };
    out.json(data);
    expect(stdout.text).not.toMatch(CONTROL);
    expect(JSON.parse(stdout.text)).toEqual(data);
  });
});

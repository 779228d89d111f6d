import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../../src/core/index.js';
import { parseBooleanBytes, parseNumberBytes, parseNumberString } from '../../../src/data/index.js';

const encoder = new TextEncoder();
function parse(text: string): number {
  const bytes = encoder.encode(text);
  return parseNumberBytes(bytes, 0, bytes.length);
}

/** What the parser must return: Number(text) when finite, NaN otherwise. */
function expected(text: string): number {
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

function digits(random: () => number, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += String(Math.floor(random() * 10));
  return s;
}

describe('parseNumberBytes', () => {
  it('is bit-identical to Number() on 200,000 random decimal strings of every shape', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 200_000; i++) {
      const sign = random() < 0.3 ? '-' : random() < 0.1 ? '+' : '';
      const intDigits = Math.floor(random() * 20);
      const fracDigits = random() < 0.6 ? Math.floor(random() * 26) : 0;
      let text = sign + digits(random, intDigits);
      if (fracDigits > 0 || (random() < 0.1 && intDigits > 0)) text += '.' + digits(random, fracDigits);
      if (random() < 0.25)
        text += (random() < 0.5 ? 'e' : 'E') + (random() < 0.5 ? '-' : random() < 0.5 ? '+' : '') + String(Math.floor(random() * 330));
      if (!/\d/.test(text.replace(/[eE].*$/, ''))) continue; // no mantissa digit: not a number for either parser
      const got = parse(text);
      const want = expected(text);
      if (!Object.is(got, want)) expect.fail(`${JSON.stringify(text)}: got ${got}, Number() gives ${want}`);
    }
  });

  it('is bit-identical to Number() on the shortest text of 100,000 random doubles', () => {
    const random = seededRandom(7);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 100_000; i++) {
      view.setUint32(0, Math.floor(random() * 2 ** 32));
      view.setUint32(4, Math.floor(random() * 2 ** 32));
      const x = view.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      const text = String(x);
      expect(Object.is(parse(text), x)).toBe(true);
      const fixed = x.toFixed(Math.floor(random() * 20));
      if (!Object.is(parse(fixed), expected(fixed))) expect.fail(`${fixed}`);
    }
  });

  it.each([
    ['0', 0],
    ['-0', -0],
    ['+7', 7],
    ['.5', 0.5],
    ['5.', 5],
    ['-.25', -0.25],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['9007199254740993', 9007199254740992],
    ['0.1', 0.1],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['000000000000000000000042', 42],
    ['1e308', 1e308],
  ])('parses %s', (text, value) => {
    expect(Object.is(parse(text), value)).toBe(true);
  });

  it.each(['', '-', '+', '.', 'e5', '1e', '1e+', '1.2.3', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1_000', '1,5', '--1', '1e999', '١'])(
    'rejects %j',
    (text) => {
      expect(parse(text)).toBeNaN();
    },
  );

  it('reads only the given byte range', () => {
    const bytes = encoder.encode('x12.5,7');
    expect(parseNumberBytes(bytes, 1, 5)).toBe(12.5);
    expect(parseNumberBytes(bytes, 6, 7)).toBe(7);
  });

  it('parses strings with the same rules', () => {
    expect(parseNumberString('-1.5e2')).toBe(-150);
    expect(parseNumberString('½')).toBeNaN();
  });
});

describe('parseBooleanBytes', () => {
  it.each([
    ['true', 1],
    ['TRUE', 1],
    ['True', 1],
    ['false', 0],
    ['FaLsE', 0],
    ['1', -1],
    ['yes', -1],
    ['truE ', -1],
    ['', -1],
  ])('%j → %i', (text, want) => {
    const bytes = encoder.encode(text);
    expect(parseBooleanBytes(bytes, 0, bytes.length)).toBe(want);
  });
});

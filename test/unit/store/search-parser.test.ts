import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../src/core/index.js';
import { parseFilter, parseOrderKey } from '../../../src/store/index.js';

function syntaxError(filter: string): { position: number; problem: string } {
  try {
    parseFilter(filter);
  } catch (e) {
    if (isMlpError(e) && e.code === 'MLP_STORE_SEARCH_SYNTAX') return e.details as { position: number; problem: string };
    throw e;
  }
  throw new Error(`expected a syntax error for ${filter}`);
}

describe('search filter parser', () => {
  it.each([
    ['', []],
    ['metrics.auc > 0.8', [{ entity: 'metric', key: 'auc', op: '>', value: 0.8, pos: 0 }]],
    ["params.lr = '0.1'", [{ entity: 'param', key: 'lr', op: '=', value: '0.1', pos: 0 }]],
    ['tags.team = "x"', [{ entity: 'tag', key: 'team', op: '=', value: 'x', pos: 0 }]],
    ['metrics.`val loss` <= -1e-3', [{ entity: 'metric', key: 'val loss', op: '<=', value: -0.001, pos: 0 }]],
    ['metrics."a.b" >= .5', [{ entity: 'metric', key: 'a.b', op: '>=', value: 0.5, pos: 0 }]],
    ['metrics.loss/train != 2', [{ entity: 'metric', key: 'loss/train', op: '!=', value: 2, pos: 0 }]],
    ["tags.x LIKE 'a%'", [{ entity: 'tag', key: 'x', op: 'like', value: 'a%', pos: 0 }]],
    ["tags.x ilike 'A%'", [{ entity: 'tag', key: 'x', op: 'ilike', value: 'A%', pos: 0 }]],
    ["params.o in ('a', 'b')", [{ entity: 'param', key: 'o', op: 'in', value: ['a', 'b'], pos: 0 }]],
    ["params.o NOT IN ('a')", [{ entity: 'param', key: 'o', op: 'not in', value: ['a'], pos: 0 }]],
    ["params.q = 'it''s'", [{ entity: 'param', key: 'q', op: '=', value: "it's", pos: 0 }]],
    ["params.q = 'a\\'b'", [{ entity: 'param', key: 'q', op: '=', value: "a'b", pos: 0 }]],
    ["attributes.status = 'finished'", [{ entity: 'attribute', key: 'status', op: '=', value: 'finished', pos: 0 }]],
    ['attributes.start_time > 100', [{ entity: 'attribute', key: 'start_time', op: '>', value: 100, pos: 0 }]],
    [
      "metrics.a > 1 AND params.b = 'c'",
      [
        { entity: 'metric', key: 'a', op: '>', value: 1, pos: 0 },
        { entity: 'param', key: 'b', op: '=', value: 'c', pos: 18 },
      ],
    ],
  ])('parses %j', (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });

  it.each([
    ['metrics.auc', 11, 'expected an operator'],
    ['metrics.auc >', 13, 'expected a quoted string or a number'],
    ["metrics.auc > 'x'", 14, 'compares numbers'],
    ['params.lr = 0.1', 12, 'compares strings'],
    ["params.lr = 'unterminated", 12, 'unterminated'],
    ["params.lr = 'a' or tags.b = 'c'", 16, '"or" is not supported'],
    ["params.lr = 'a' tags.b = 'c'", 16, 'expected "and"'],
    ["metrics.auc like '1'", 12, 'does not apply'],
    ["attributes.colour = 'red'", 0, 'unknown attribute'],
    ["params.x = ''; drop table runs; --'", 13, 'unexpected character'],
    ["params.o in ('a' 'b')", 17, 'expected "," or ")"'],
    ['auc > 1', 0, 'expected metrics.KEY'],
    ['metrics. > 1', 0, 'must be followed by a key'],
  ])('rejects %j at character %i', (filter, position, problem) => {
    const error = syntaxError(filter);
    expect(error.position).toBe(position);
    expect(error.problem).toContain(problem);
  });

  it('parses order-by entries', () => {
    expect(parseOrderKey('metrics.auc desc')).toEqual({ entity: 'metric', key: 'auc', direction: 'desc' });
    expect(parseOrderKey('params.lr')).toEqual({ entity: 'param', key: 'lr', direction: 'asc' });
    expect(parseOrderKey('attributes.start_time ASC')).toEqual({ entity: 'attribute', key: 'start_time', direction: 'asc' });
    expect(() => parseOrderKey('metrics.auc desc extra')).toThrow(/order-by/);
  });
});

import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { JsonObject } from '../../../src/core/index.js';
import { BUILTIN_LEARNERS, describeLearner, paramRange } from '../../../src/ml/index.js';
import { BEGIN_MARKER, END_MARKER, ENGINE_DOC, learnerParamsMarkdown, replaceSection } from '../../../scripts/learner-params-doc.js';

describe('docs/engine.md parameter tables', () => {
  it('are what scripts/learner-params-doc.ts prints (run it with --write after changing a learner)', () => {
    const doc = readFileSync(ENGINE_DOC, 'utf8');
    expect(replaceSection(doc, learnerParamsMarkdown())).toBe(doc);
  });

  it('list every parameter of every built-in learner, each with a meaning', () => {
    const section = learnerParamsMarkdown();
    for (const learner of BUILTIN_LEARNERS) {
      expect(section).toContain(`#### \`${learner.id}\``);
      for (const p of describeLearner(learner).params) {
        expect(p.description, `${learner.id} ${p.name}`).toMatch(/\w/);
        expect(section).toContain(`| \`${p.name}\` |`);
      }
    }
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceSection('# nothing here', 'x')).toThrow(/markers/);
    expect(replaceSection(`a\n${BEGIN_MARKER}\nold\n${END_MARKER}\nb`, 'new')).toBe(`a\n${BEGIN_MARKER}\n\nnew\n${END_MARKER}\nb`);
  });
});

describe('paramRange', () => {
  it.each<[JsonObject, string]>([
    [{ type: 'integer', minimum: 1, maximum: 100000 }, 'integer in [1, 100000]'],
    [{ type: 'number', exclusiveMinimum: 0, maximum: 1 }, 'number in (0, 1]'],
    [{ type: 'number', minimum: 0 }, 'number ≥ 0'],
    [{ type: 'integer', minimum: 2, maximum: 9007199254740991 }, 'integer ≥ 2'],
    [{ type: 'number', exclusiveMaximum: 5 }, 'number < 5'],
    [{ type: 'number' }, 'number'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'string', enum: ['a', 'b'] }, 'one of a, b'],
    [
      {
        anyOf: [
          { type: 'string', enum: ['auto', 'sqrt'] },
          { type: 'number', exclusiveMinimum: 0 },
        ],
      },
      'one of auto, sqrt or number > 0',
    ],
    [{ type: 'array', items: { anyOf: [{ const: -1 }, { const: 0 }, { const: 1 }] } }, 'list of -1, 0, 1'],
  ])('%j → %s', (schema, text) => {
    expect(paramRange(schema)).toBe(text);
  });
});

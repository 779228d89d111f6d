import { describe, expect, it } from 'vitest';

import { isMlpError, Registry } from '../../../src/core/index.js';

/** The code and details of the catalog error `fn` throws. */
function codeOf(fn: () => unknown): { code: string; details: unknown } {
  try {
    fn();
  } catch (error) {
    if (isMlpError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected an error');
}

describe('Registry', () => {
  const make = () =>
    new Registry<{ id: string; title: string }>('learner', [
      { id: 'gbdt', title: 'GBDT' },
      { id: 'rf', title: 'RF' },
    ]);

  it('returns entries by id and lists them sorted', () => {
    const registry = make();
    expect(registry.get('rf').title).toBe('RF');
    expect(registry.ids()).toEqual(['gbdt', 'rf']);
    expect(registry.list().map((e) => e.id)).toEqual(['gbdt', 'rf']);
  });

  it('throws a typed not-found error that lists the known ids', () => {
    expect(() => make().get('svm')).toThrowError(/unknown learner "svm"; known: gbdt, rf/);
    try {
      make().get('svm');
    } catch (error) {
      expect(error).toMatchObject({ code: 'MLP_CORE_UNKNOWN_ID', details: { known: ['gbdt', 'rf'] } });
    }
  });

  it('refuses a taken id with MLP_CORE_DUPLICATE_ID', () => {
    expect(codeOf(() => make().register({ id: 'gbdt', title: 'again' }))).toEqual({
      code: 'MLP_CORE_DUPLICATE_ID',
      details: { registry: 'learner', id: 'gbdt' },
    });
  });

  it.each(['Bad_Id', 'random_forest', 'GBDT', '-rf', 'rf-', 'random--forest', ''])(
    'refuses the non-kebab-case id %j with MLP_CORE_INVALID_ID',
    (id) => {
      expect(codeOf(() => make().register({ id, title: 'x' }))).toEqual({
        code: 'MLP_CORE_INVALID_ID',
        details: { registry: 'learner', id },
      });
    },
  );

  it.each(['gbdt', 'random-forest', 'k2-nn'])('accepts the kebab-case id %j', (id) => {
    expect(new Registry<{ id: string }>('learner').register({ id }).get(id).id).toBe(id);
  });
});

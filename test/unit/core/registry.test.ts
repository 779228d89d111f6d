import { describe, expect, it } from 'vitest';

import { Registry } from '../../../src/core/index.js';

describe('Registry', () => {
  const make = () => new Registry<{ id: string; title: string }>('learner', [{ id: 'gbdt', title: 'GBDT' }, { id: 'rf', title: 'RF' }]);

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

  it('refuses duplicate and non-kebab-case ids', () => {
    expect(() => make().register({ id: 'gbdt', title: 'again' })).toThrowError(/MLP|already has/);
    expect(() => make().register({ id: 'Bad_Id', title: 'x' })).toThrowError(/not kebab-case/);
  });
});

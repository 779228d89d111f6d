import { describe, expect, it } from 'vitest';

import { CORE_EVENT_TYPES, CORE_SUBJECT_KINDS, EventCatalog } from '../../../src/store/index.js';
import type { CatalogSource } from '../../../src/store/index.js';

const core: CatalogSource = { owner: 'core', subjectKinds: CORE_SUBJECT_KINDS, eventTypes: CORE_EVENT_TYPES };
const deploy = (
  eventTypes: CatalogSource['eventTypes'],
  subjectKinds: CatalogSource['subjectKinds'] = [{ kind: 'deployment', description: 'A deployment.' }],
): CatalogSource => ({
  owner: 'delivery',
  subjectKinds,
  eventTypes,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('EventCatalog', () => {
  it('lists the core types first, then each source in order, each with its owner', () => {
    const catalog = new EventCatalog([
      core,
      deploy([{ type: 'deployment.promoted', subjectKind: 'deployment', description: 'Traffic moved to the new version.' }]),
    ]);
    expect(catalog.types.length).toBe(CORE_EVENT_TYPES.length + 1);
    expect(catalog.types.at(-1)).toEqual({
      type: 'deployment.promoted',
      subjectKind: 'deployment',
      description: 'Traffic moved to the new version.',
      owner: 'delivery',
    });
    expect(catalog.get('run.ended')?.owner).toBe('core');
    expect(catalog.subjectKinds.map((k) => k.kind)).toEqual([...CORE_SUBJECT_KINDS.map((k) => k.kind), 'deployment']);
    // An extension's type may be about a core subject kind, within its own name.
    expect(
      new EventCatalog([core, deploy([{ type: 'model.drift_detected', subjectKind: 'model', description: 'Drift was found.' }], [])]).get(
        'model.drift_detected',
      )?.owner,
    ).toBe('delivery');
  });

  it.each<[string, CatalogSource, string]>([
    ['a type the core already has', deploy([{ type: 'run.ended', subjectKind: 'run', description: 'Again.' }]), 'MLP_CORE_DUPLICATE_ID'],
    ['a subject kind the core already has', deploy([], [{ kind: 'run', description: 'Again.' }]), 'MLP_CORE_DUPLICATE_ID'],
    [
      'a type about an unknown subject kind',
      deploy([{ type: 'alert.fired', subjectKind: 'alert', description: 'An alert fired.' }], []),
      'MLP_STORE_INVALID_EXTENSION',
    ],
    [
      'a type not prefixed by its subject kind',
      deploy([{ type: 'rollout.promoted', subjectKind: 'deployment', description: 'Promoted.' }]),
      'MLP_STORE_INVALID_EXTENSION',
    ],
    [
      'a type that is not subject.verb',
      deploy([{ type: 'deployment-promoted', subjectKind: 'deployment', description: 'Promoted.' }]),
      'MLP_STORE_INVALID_EXTENSION',
    ],
    [
      'an upper-case type',
      deploy([{ type: 'deployment.Promoted', subjectKind: 'deployment', description: 'Promoted.' }]),
      'MLP_STORE_INVALID_EXTENSION',
    ],
    [
      'a type without a description',
      deploy([{ type: 'deployment.promoted', subjectKind: 'deployment', description: ' ' }]),
      'MLP_STORE_INVALID_EXTENSION',
    ],
    ['a malformed subject kind', deploy([], [{ kind: 'Deploy-ment', description: 'A deployment.' }]), 'MLP_STORE_INVALID_EXTENSION'],
  ])('refuses %s', (_label, source, code) => {
    expect(codeOf(() => new EventCatalog([core, source]))).toBe(code);
  });

  it('refuses the same type declared twice by one source', () => {
    const twice = deploy([
      { type: 'deployment.promoted', subjectKind: 'deployment', description: 'Promoted.' },
      { type: 'deployment.promoted', subjectKind: 'deployment', description: 'Promoted again.' },
    ]);
    expect(codeOf(() => new EventCatalog([core, twice]))).toBe('MLP_CORE_DUPLICATE_ID');
  });

  it('checks appends (type, subject kind, owner) and queries', () => {
    const catalog = new EventCatalog([
      core,
      deploy([{ type: 'deployment.promoted', subjectKind: 'deployment', description: 'Promoted.' }]),
    ]);
    expect(catalog.checkAppend({ type: 'deployment.promoted', subjectKind: 'deployment' }, 'delivery').owner).toBe('delivery');
    expect(catalog.checkAppend({ type: 'run.ended', subjectKind: 'run' }).owner).toBe('core');
    expect(codeOf(() => catalog.checkAppend({ type: 'run.ended', subjectKind: 'run' }, 'delivery'))).toBe('MLP_CORE_VALIDATION');
    expect(codeOf(() => catalog.checkAppend({ type: 'run.ended', subjectKind: 'model' }))).toBe('MLP_CORE_VALIDATION');
    expect(codeOf(() => catalog.checkAppend({ type: 'run.renamed', subjectKind: 'run' }))).toBe('MLP_CORE_VALIDATION');
    expect(codeOf(() => catalog.checkQuery({ types: ['run.ended', 'deployment.promoted'], subjectKind: 'deployment' }))).toBeUndefined();
    expect(codeOf(() => catalog.checkQuery({ types: ['run.ended', 'run.renamed'] }))).toBe('MLP_CORE_VALIDATION');
    expect(codeOf(() => catalog.checkQuery({ subjectKind: 'alert' }))).toBe('MLP_CORE_VALIDATION');
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';

import { ManualClock } from '../../../src/core/index.js';
import { defineStoreExtension, openStore } from '../../../src/store/index.js';
import type { ExtensionMigration, ExtensionTransaction, StoreExtension, StoreExtensionSpec } from '../../../src/store/index.js';

const migration = (name: string): ExtensionMigration => ({ name, up: async () => undefined });
const spec = (changes: Partial<StoreExtensionSpec<unknown, object, string>>): StoreExtensionSpec<unknown, object, string> => ({
  id: 'delivery',
  migrations: [migration('0001-deployments')],
  subjectKinds: [{ kind: 'deployment', description: 'A deployment.' }],
  eventTypes: [{ type: 'deployment.promoted', subjectKind: 'deployment', description: 'Promoted.' }],
  repository: () => ({}),
  ...changes,
});

function problemOf(fn: () => unknown): { code?: string; message?: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
}

describe('defineStoreExtension', () => {
  it('keeps a valid definition as frozen data', () => {
    const ext = defineStoreExtension(spec({ artifactColumns: [{ table: 'delivery_manifests', column: 'digest' }] }));
    expect(ext.id).toBe('delivery');
    expect(ext.migrations.map((m) => m.name)).toEqual(['0001-deployments']);
    expect(ext.artifactColumns).toEqual([{ table: 'delivery_manifests', column: 'digest' }]);
    expect(Object.isFrozen(ext)).toBe(true);
  });

  it.each<[string, Partial<StoreExtensionSpec<unknown, object, string>>, RegExp]>([
    ['an id that is not kebab-case', { id: 'Delivery_X' }, /kebab-case/],
    ['the id core', { id: 'core' }, /kebab-case/],
    ['a migration name without its number', { migrations: [migration('deployments')] }, /NNNN-what/],
    ['migrations that do not start at 0001', { migrations: [migration('0002-deployments')] }, /position 1/],
    ['a gap in the numbering', { migrations: [migration('0001-a'), migration('0003-c')] }, /position 2/],
    ['migrations out of order', { migrations: [migration('0002-b'), migration('0001-a')] }, /position 1/],
    [
      'an event type not prefixed by its subject kind',
      { eventTypes: [{ type: 'rollout.done', subjectKind: 'deployment', description: 'Done.' }] },
      /must start with its subject kind/,
    ],
    [
      'an artifact column that is not a plain identifier',
      { artifactColumns: [{ table: 'x; drop table runs', column: 'digest' }] },
      /artifact column/,
    ],
  ])('refuses %s with MLP_STORE_INVALID_EXTENSION', (_label, changes, message) => {
    const error = problemOf(() => defineStoreExtension(spec(changes)));
    expect(error?.code).toBe('MLP_STORE_INVALID_EXTENSION');
    expect(error?.message).toMatch(message);
  });

  it('types the repository and the appendable event types (checked by tsc)', () => {
    expectTypeOf<
      Parameters<ExtensionTransaction<object, 'deployment.promoted'>['appendEvent']>[0]['type']
    >().toEqualTypeOf<'deployment.promoted'>();
    const ext = defineStoreExtension({ id: 'typed', migrations: [], repository: () => ({ promote: (id: string) => id.length }) });
    expectTypeOf(ext).toEqualTypeOf<StoreExtension<{ promote: (id: string) => number }>>();
  });
});

describe('openStore with extensions', () => {
  it.each<[string, () => ReturnType<typeof defineStoreExtension>[], string]>([
    ['two extensions with one id', () => [defineStoreExtension(spec({})), defineStoreExtension(spec({}))], 'MLP_CORE_DUPLICATE_ID'],
    [
      'an event type the core has',
      () => [
        defineStoreExtension(spec({ subjectKinds: [], eventTypes: [{ type: 'run.promoted', subjectKind: 'run', description: 'x' }] })),
        defineStoreExtension(
          spec({ id: 'other', subjectKinds: [], eventTypes: [{ type: 'run.promoted', subjectKind: 'run', description: 'y' }] }),
        ),
      ],
      'MLP_CORE_DUPLICATE_ID',
    ],
    [
      'an event type about a subject kind nobody declares',
      () => [
        defineStoreExtension(spec({ subjectKinds: [], eventTypes: [{ type: 'alert.fired', subjectKind: 'alert', description: 'x' }] })),
      ],
      'MLP_STORE_INVALID_EXTENSION',
    ],
  ])('refuses %s before touching the database', async (_label, extensions, code) => {
    // An unreachable PostgreSQL URL: the refusal must come before any connection attempt.
    const error = await openStore({ url: 'postgres://nobody@127.0.0.1:1/none', clock: new ManualClock(), extensions: extensions() }).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).toBe(code);
  });
});

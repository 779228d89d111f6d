/**
 * Store extensions, one suite on every backend (SQLite always; PostgreSQL when reachable, required in CI),
 * with the sample extension of test/fixtures/store/sample-extension.ts: migrations applied once by
 * concurrent openers, state and event written atomically, the catalog enforced, the extension's events listed
 * and filtered, and a database that has the extension's tables opened by a process without the extension.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sql } from 'kysely';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';

import { ManualClock, createLogger, isMlpError } from '../../src/core/index.js';
import { EventLog } from '../../src/events/index.js';
import { defineStoreExtension, openStore } from '../../src/store/index.js';
import type { ExtensionContext, Store, WriteContext } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';
import { withRawDb } from '../fixtures/store/raw.js';
import { runChild } from '../fixtures/store/run-child.js';
import { sampleNotes } from '../fixtures/store/sample-extension.js';
import type { SampleNotesRepo, SampleTables } from '../fixtures/store/sample-extension.js';

const here = dirname(fileURLToPath(import.meta.url));
const opener = join(here, '..', 'fixtures', 'store', 'extension-opener.ts');
const backends = await storeBackends();
const ctx = { actor: 'alice' };
const hex = (c: string): string => c.repeat(64);

/** Misbehaves on purpose: appends whatever type it is given (typed as any string, so only the run-time check stops it). */
const rogue = defineStoreExtension({
  id: 'sample-rogue',
  migrations: [],
  repository: (ext: ExtensionContext<SampleTables>) => ({
    writeWithEvent: (id: string, event: { type: string; subjectKind: string }, who: WriteContext) =>
      ext.write('writeWithEvent', async (tx) => {
        await tx.db
          .insertInto('sample_notes_notes')
          .values({ id, subject: 'rogue', body: '', created_at: 1, archived: 0, attachment: null })
          .execute();
        await tx.appendEvent({ ...event, subjectId: id, payload: {} }, who);
      }),
  }),
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), `expected an mlpilot error, got ${String(error)}`).toBe(true);
  return error as { code: string; details: Record<string, unknown> };
}

describe.each(backends)('store extensions on $name', (backend) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  afterAll(() => backend.cleanup());

  it(
    'applies the migrations of an extension once when two processes open a fresh store at the same moment',
    { timeout: 60_000 },
    async () => {
      const url = backend.freshUrl();
      const results = await Promise.all([runChild(opener, [url, '1']), runChild(opener, [url, '2'])]);
      for (const r of results) {
        expect(r.out, r.err).toMatch(/^ok /);
        expect(r.code).toBe(0);
      }
      await withRawDb(url, async (db) => {
        const applied = await sql<{ name: string }>`select name from mlpilot_ext_sample_notes_migration order by name`.execute(db);
        expect(applied.rows.map((r) => r.name)).toEqual(['0001-notes', '0002-archive-and-attachments']);
      });
      const store = await openStore({ url, clock, extensions: [sampleNotes] });
      try {
        expect((await store.extension(sampleNotes).list()).map((n) => n.subject).sort()).toEqual(['worker-1', 'worker-2']);
        expect((await store.events.list({ types: ['note.created'] })).map((e) => e.actor).sort()).toEqual(['worker-1', 'worker-2']);
      } finally {
        await store.close();
      }
    },
  );

  describe('with the extension opened', () => {
    let store: Store;
    let notes: SampleNotesRepo;
    let url: string;
    afterAll(() => store?.close());

    it('gives the repository typed by the definition, and refuses one it was not opened with', async () => {
      url = backend.freshUrl();
      store = await openStore({ url, clock, extensions: [sampleNotes, rogue] });
      notes = store.extension(sampleNotes);
      expectTypeOf(notes).toEqualTypeOf<SampleNotesRepo>();
      const other = defineStoreExtension({ id: 'sample-other', migrations: [], repository: () => ({}) });
      const error = await errorOf(Promise.resolve().then(() => store.extension(other)));
      expect(error.code).toBe('MLP_CORE_UNKNOWN_ID');
      expect(error.details.known).toEqual(['sample-notes', 'sample-rogue']);
    });

    it('writes state and its event in one transaction, and lists and filters the events like core ones', async () => {
      const before = (await store.events.list({ limit: 10_000 })).length;
      const { note, event } = await store.extension(sampleNotes).create({ subject: 'release', body: 'v1', attachment: hex('e') }, ctx);
      await notes.archive(note.id, { actor: 'bob' });
      expect(await notes.list()).toEqual([{ id: note.id, subject: 'release', body: 'v1', archived: true, attachment: hex('e') }]);
      const events = (await store.events.list({ limit: 10_000 })).slice(before);
      expect(events.map((e) => [e.type, e.subjectKind, e.subjectId, e.actor])).toEqual([
        ['note.created', 'note', note.id, 'alice'],
        ['note.archived', 'note', note.id, 'bob'],
      ]);
      expect(events[0]).toEqual(event);
      expect((await store.events.list({ types: ['note.archived'] })).map((e) => e.subjectId)).toEqual([note.id]);
      expect((await store.events.list({ subjectKind: 'note', subjectId: note.id })).map((e) => e.type)).toEqual([
        'note.created',
        'note.archived',
      ]);
      const log = new EventLog(store, clock);
      expect((await log.list({ types: ['note.created', 'experiment.created'] })).map((e) => e.type)).toEqual(['note.created']);
      expect(store.events.catalog.get('note.archived')).toEqual({
        type: 'note.archived',
        subjectKind: 'note',
        description: 'A note was archived.',
        owner: 'sample-notes',
      });
      expect(store.events.catalog.subjectKinds.map((k) => k.kind)).toContain('note');
      // The attachment column is registered: its digests are artifact GC roots.
      expect((await store.referencedDigests()).has(hex('e'))).toBe(true);
    });

    it('rolls back the state and every event of a transaction that throws', async () => {
      const before = await store.events.list({ limit: 10_000 });
      const notesBefore = await notes.list();
      // The third note reuses the first id: the insert fails after two notes and two events were written.
      const error = await errorOf(
        notes.importAll(
          [
            { id: 'n-1', subject: 'a', body: '' },
            { id: 'n-2', subject: 'b', body: '' },
            { id: 'n-1', subject: 'c', body: '' },
          ],
          ctx,
        ),
      );
      expect(error.code).toBe('MLP_STORE_CONFLICT');
      expect(await notes.list()).toEqual(notesBefore);
      expect(await store.events.list({ limit: 10_000 })).toEqual(before);
      expect(
        await notes.importAll(
          [
            { id: 'n-1', subject: 'a', body: '' },
            { id: 'n-2', subject: 'b', body: '' },
          ],
          ctx,
        ),
      ).toBe(2);
    });

    it('refuses an event type not in the catalog, one of another owner, and a wrong subject kind, writing nothing', async () => {
      const before = await store.events.list({ limit: 10_000 });
      const notesBefore = await notes.list();
      const write = (id: string, type: string, subjectKind: string) =>
        store.extension(rogue).writeWithEvent(id, { type, subjectKind }, ctx);
      const unknown = await errorOf(write('r-1', 'note.exploded', 'note'));
      expect([unknown.code, unknown.details.field]).toEqual(['MLP_CORE_VALIDATION', 'type']);
      const foreign = await errorOf(write('r-2', 'note.created', 'note'));
      expect([foreign.code, foreign.details.field]).toEqual(['MLP_CORE_VALIDATION', 'type']);
      expect(String(foreign.details.problem)).toContain('belongs to sample-notes');
      const core = await errorOf(write('r-3', 'model.alias_set', 'model'));
      expect(String(core.details.problem)).toContain('belongs to core');
      const kind = await errorOf(store.appendEvent({ type: 'run.ended', subjectKind: 'model', subjectId: 'x', payload: {} }, ctx));
      expect([kind.code, kind.details.field]).toEqual(['MLP_CORE_VALIDATION', 'subjectKind']);
      expect(await notes.list()).toEqual(notesBefore);
      expect(await store.events.list({ limit: 10_000 })).toEqual(before);
      const filter = await errorOf(store.events.list({ types: ['note.exploded'] }));
      expect([filter.code, filter.details.field]).toEqual(['MLP_CORE_VALIDATION', 'types[0]']);
    });

    it('opens, without the extension, a database that has its tables: core operations work, its events are listed as stored, its artifacts stay GC roots', async () => {
      await store.close();
      const lines: string[] = [];
      const logger = createLogger({ level: 'warn', write: (line) => lines.push(line), now: () => clock.now() });
      const plain = await openStore({ url, clock, logger });
      try {
        expect(lines.map((line) => JSON.parse(line))).toEqual([
          expect.objectContaining({
            level: 'warn',
            msg: expect.stringContaining('did not open'),
            extensions: ['sample-notes', 'sample-rogue'],
          }),
        ]);
        const experiment = await plain.experiments.create({ name: 'core-still-works' }, ctx);
        const run = await plain.runs.create({ experimentId: experiment.id }, ctx);
        await plain.runs.end(run.id, 'finished', ctx);
        expect((await plain.runs.get(run.id)).status).toBe('finished');
        const all = await plain.events.list({ limit: 10_000 });
        expect(all.filter((e) => e.subjectKind === 'note').map((e) => e.type)).toEqual([
          'note.created',
          'note.archived',
          'note.created',
          'note.created',
        ]);
        expect(plain.events.catalog.has('note.created')).toBe(false);
        expect((await errorOf(plain.events.list({ types: ['note.created'] }))).code).toBe('MLP_CORE_VALIDATION');
        expect((await plain.referencedDigests()).has(hex('e'))).toBe(true);
        expect(await plain.integrityCheck()).toEqual({ ok: true, problems: [] });
      } finally {
        await plain.close();
      }
      store = await openStore({ url, clock, extensions: [sampleNotes] });
      expect((await store.extension(sampleNotes).list()).length).toBe(3);
    });

    it('refuses a database whose extension tables a newer build migrated, and still opens it without the extension', async () => {
      await store.close();
      await withRawDb(url, async (db) => {
        await sql`insert into mlpilot_ext_sample_notes_migration (name, timestamp) values ('0003-future', '2030-01-01')`.execute(db);
      });
      const error = await errorOf(openStore({ url, clock, extensions: [sampleNotes] }));
      expect(error.code).toBe('MLP_STORE_SCHEMA_TOO_NEW');
      expect(error.details).toEqual({ found: 3, supported: 2, extension: 'sample-notes' });
      store = await openStore({ url, clock });
      expect((await store.experiments.list()).map((e) => e.name)).toEqual(['core-still-works']);
    });
  });
});

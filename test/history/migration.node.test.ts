import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistory } from '../../src/history/create-history.ts';
import { HISTORY_DB_VERSION } from '../../src/history/schema.ts';
import type { HistoryNotice, HistoryRepository } from '../../src/history/types.ts';
import { buildV1Database, readRawDatabase, toV1Record } from '../fixtures/history/build-v1-database.ts';
import { failPuts, quotaError } from '../fixtures/history/fault-injection.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';

const NAME = 'flowstress-history-migration';

describe('schema upgrade ladder', () => {
  const open: HistoryRepository[] = [];
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });

  it(`creates a fresh database at version ${HISTORY_DB_VERSION} with every store and index`, async () => {
    const factory = new IDBFactory();
    open.push(await createHistory({ name: NAME, indexedDB: factory }));
    open.splice(0).forEach((h) => h.close());
    const raw = await readRawDatabase(factory, NAME);
    expect(raw.version).toBe(2);
    expect(Object.keys(raw.stores).sort()).toEqual(['meta', 'runs', 'snapshots', 'transcripts']);
    expect(raw.stores.runs.indexes).toEqual(['by-flow-hash-time', 'by-flow-persona-time', 'by-flow-time', 'by-hash', 'by-snapshot', 'by-transcripts-time']);
    expect(raw.stores.meta.values).toEqual([{ key: 'schemaVersion', value: 2 }]);
  });

  it('migrates a v1 database: runs, inline transcripts and labels survive', async () => {
    const factory = new IDBFactory();
    const f = createRunFactory();
    const runs = [
      f.run({ flowHash: 'h1', persona: 'impatient' }),
      f.run({ flowHash: 'h2', persona: 'elderly' }),
      f.run({ flowHash: 'h1', persona: 'elderly', flowId: 'flow-b' }),
      f.run({ flowHash: 'h2', persona: 'impatient', status: 'cancelled', n: 0 }),
    ];
    const transcripts = [f.transcripts(6, { persona: 'impatient' }), f.transcripts(3, { persona: 'elderly' }), f.transcripts(2), []];
    await buildV1Database(factory, NAME, runs.map((r, i) => toV1Record(r, transcripts[i])));

    const h = await createHistory({ name: NAME, indexedDB: factory });
    open.push(h);
    expect(h.mode).toBe('indexeddb');

    const list = await h.listRuns('flow-a');
    expect(list.map((r) => [r.id, r.versionLabel, r.hasTranscripts])).toEqual([
      [runs[3].id, 'v2', false],
      [runs[1].id, 'v2', true],
      [runs[0].id, 'v1', true],
    ]);
    // Everything but the transcripts array is the record as it was, plus hasTranscripts.
    expect(list[2]).toEqual({ ...runs[0], hasTranscripts: true, versionLabel: 'v1' });
    expect((await h.listRuns('flow-a', { persona: 'elderly' })).map((r) => r.id)).toEqual([runs[1].id]);
    for (let i = 0; i < runs.length; i++) expect(await h.getTranscripts(runs[i].id)).toEqual(transcripts[i]);

    // The raw shape: no inline transcripts or snapshots left, one record per conversation, one snapshot per
    // distinct flow document (flow-a's two versions share the factory's document; flow-b has its own).
    h.close();
    const raw = await readRawDatabase(factory, NAME);
    expect(raw.version).toBe(2);
    expect(raw.stores.runs.values.some((r) => 'transcripts' in (r as object) || 'flowSnapshot' in (r as object))).toBe(false);
    expect(raw.stores.transcripts.values).toHaveLength(6 + 3 + 2);
    expect(raw.stores.snapshots.values).toHaveLength(3);
    expect(raw.stores.meta.values).toEqual([{ key: 'schemaVersion', value: 2 }]);
  });

  it('migrated runs join retention and pruning like runs saved today', async () => {
    const factory = new IDBFactory();
    const f = createRunFactory();
    const runs = [f.run(), f.run(), f.run()];
    await buildV1Database(factory, NAME, runs.map((r) => toV1Record(r, f.transcripts(2))));
    const h = await createHistory({ name: NAME, indexedDB: factory, transcriptRetention: 2 });
    open.push(h);
    expect(await h.pruneTranscripts(2)).toBe(1);
    expect((await h.getRun(runs[0].id))?.hasTranscripts).toBe(false);
    // A new save applies the retention of 2 across migrated and new runs.
    const fresh = f.run();
    await h.saveRun(fresh, f.transcripts(1));
    expect((await h.listRuns('flow-a')).map((r) => r.hasTranscripts)).toEqual([true, true, false, false]);
  });

  it('carries unreadable v1 rows over and leaves them out of the list with notice FS211', async () => {
    const factory = new IDBFactory();
    const f = createRunFactory();
    const good = f.run();
    const damaged = { ...toV1Record(f.run(), f.transcripts(1)), summary: 'lost' };
    await buildV1Database(factory, NAME, [toV1Record(good, f.transcripts(1))], [damaged]);
    const notices: HistoryNotice[] = [];
    const h = await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n) });
    open.push(h);
    expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([good.id]);
    expect(notices.map((n) => n.code)).toEqual(['FS211']);
    await h.listRuns('flow-a');
    expect(notices).toHaveLength(1); // reported once, not on every refresh
    // The export leaves it out too, so the file always imports.
    expect((await h.exportAll()).runs.map((r) => r.id)).toEqual([good.id]);
    // It can still be deleted by id.
    await h.deleteRun(damaged.id);
    h.close();
    expect((await readRawDatabase(factory, NAME)).stores.runs.values).toHaveLength(1);
  });

  it('a failing migration is rolled back: the v1 data stays, history falls back to memory with FS212', async () => {
    const factory = new IDBFactory();
    const f = createRunFactory();
    const runs = [f.run(), f.run()];
    const v1 = runs.map((r) => toV1Record(r, f.transcripts(3)));
    await buildV1Database(factory, NAME, v1);
    const restore = failPuts({ store: 'transcripts', mode: 'request', error: quotaError, after: 2 });
    const notices: HistoryNotice[] = [];
    try {
      const h = await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n) });
      open.push(h);
      expect(h.mode).toBe('memory');
    } finally {
      restore();
    }
    expect(notices.map((n) => n.code)).toEqual(['FS212']);
    expect(notices[0].message).toContain('rolled back');
    const raw = await readRawDatabase(factory, NAME);
    expect(raw.version).toBe(1);
    expect(Object.keys(raw.stores).sort()).toEqual(['meta', 'runs']);
    expect(raw.stores.runs.values).toEqual(v1);

    // With the fault gone, the next open migrates.
    const h = await createHistory({ name: NAME, indexedDB: factory });
    open.push(h);
    expect(h.mode).toBe('indexeddb');
    expect(await h.getTranscripts(runs[1].id)).toHaveLength(3);
  });

  it('a database from a newer version falls back to memory with FS208 and is left alone', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve) => {
      const req = factory.open(NAME, 7);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    const notices: HistoryNotice[] = [];
    const h = await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n) });
    open.push(h);
    expect(h.mode).toBe('memory');
    expect(notices.map((n) => n.code)).toEqual(['FS208']);
    expect((await readRawDatabase(factory, NAME)).version).toBe(7);
  });
});

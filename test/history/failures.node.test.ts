import 'fake-indexeddb/auto';
import { IDBFactory, IDBOpenDBRequest, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.ts';
import { createHistory } from '../../src/history/create-history.ts';
import type { HistoryNotice, HistoryRepository } from '../../src/history/types.ts';
import { buildV1Database, readRawDatabase, toV1Record } from '../fixtures/history/build-v1-database.ts';
import { failPuts, quotaError, trackConnections } from '../fixtures/history/fault-injection.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';
import { expectCode } from './history-contract.ts';

const NAME = 'flowstress-history-failures';
const codes = (notices: HistoryNotice[]) => notices.map((n) => n.code);

function rawOpen(factory: IDBFactory, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(NAME, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('history failures', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const undo of cleanups.splice(0).reverse()) undo();
    vi.unstubAllGlobals();
  });
  const keep = (h: HistoryRepository) => {
    cleanups.push(() => h.close());
    return h;
  };

  describe('storage full (QuotaExceededError)', () => {
    for (const mode of ['request', 'throw'] as const) {
      it(`${mode === 'request' ? 'an aborted transaction' : 'a put that throws'}: FS201, nothing written, earlier runs intact, retry after pruning works`, async () => {
        const factory = new IDBFactory();
        const notices: HistoryNotice[] = [];
        const h = keep(await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n) }));
        const f = createRunFactory();
        const earlier = f.run();
        await h.saveRun(earlier, f.transcripts(5));

        // The 11th conversation of the next run does not fit.
        const restore = failPuts({ store: 'transcripts', mode, error: quotaError, after: 10 });
        cleanups.push(restore);
        const run = f.run();
        const transcripts = f.transcripts(50);
        const error = await expectCode(h.saveRun(run, transcripts), 'FS201');
        expect(error.message).toContain(ERROR_CODES.FS201);
        expect(error.message).toContain(`run "${run.id}" was not saved`);
        const notice = notices.find((n) => n.code === 'FS201')!;
        expect(notice.message).toBe(error.message);
        expect(notice.actions).toEqual(['prune-transcripts', 'export']);

        expect(await h.getRun(run.id)).toBeUndefined();
        await expectCode(h.getTranscripts(run.id), 'FS207');
        expect(await h.getRun(earlier.id)).toMatchObject({ id: earlier.id, hasTranscripts: true });
        expect(await h.getTranscripts(earlier.id)).toHaveLength(5);
        h.close();
        const raw = await readRawDatabase(factory, NAME);
        expect(raw.stores.transcripts.values.every((t) => (t as { runId: string }).runId === earlier.id)).toBe(true);

        // The caller kept the run in memory; after the user prunes (space freed), the same objects save.
        restore();
        const again = keep(await createHistory({ name: NAME, indexedDB: factory }));
        expect(await again.pruneTranscripts(0)).toBe(1);
        await again.saveRun(run, transcripts);
        expect(await again.getTranscripts(run.id)).toEqual(transcripts);
      });
    }

    it('reopens the connection after a quota failure (a full database can stay wedged)', async () => {
      const tracked = trackConnections(new IDBFactory());
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory }));
      const f = createRunFactory();
      cleanups.push(failPuts({ store: 'transcripts', mode: 'request', error: quotaError, times: 1 }));
      await expectCode(h.saveRun(f.run(), f.transcripts(2)), 'FS201');
      const run = f.run();
      await h.saveRun(run, f.transcripts(2));
      expect(tracked.opens).toBe(2);
      expect(await h.getTranscripts(run.id)).toHaveLength(2);
    });
  });

  it('any other failed save is FS206 and writes nothing (a value that cannot be stored)', async () => {
    const h = keep(await createHistory({ name: NAME, indexedDB: new IDBFactory() }));
    const f = createRunFactory();
    const earlier = f.run();
    await h.saveRun(earlier, f.transcripts(2));
    const run = f.run();
    const transcripts = f.transcripts(3);
    // Functions cannot be structured-cloned: put throws DataCloneError on the third conversation.
    (transcripts[2].goal!.facts as Record<string, unknown>).callback = () => 'not data';
    const error = await expectCode(h.saveRun(run, transcripts), 'FS206');
    expect(error.message).toContain('DataCloneError');
    expect(await h.getRun(run.id)).toBeUndefined();
    await expectCode(h.getTranscripts(run.id), 'FS207');
    expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([earlier.id]);
  });

  it('a failed retention prune does not fail the save: it becomes notice FS209', async () => {
    const notices: HistoryNotice[] = [];
    const h = keep(await createHistory({ name: NAME, indexedDB: new IDBFactory(), transcriptRetention: 0, onNotice: (n) => notices.push(n) }));
    const f = createRunFactory();
    // The save's own run put is the first on `runs`; the prune's update is the second.
    cleanups.push(failPuts({ store: 'runs', mode: 'request', error: () => new DOMException('disk error', 'NotReadableError'), after: 1, times: 1 }));
    const run = f.run();
    await h.saveRun(run, f.transcripts(2));
    expect(codes(notices)).toContain('FS209');
    expect((await h.getRun(run.id))?.hasTranscripts).toBe(true);
  });

  describe('upgrade blocked by another tab', () => {
    it('falls back to memory after the timeout with FS202, and the late connection is closed', async () => {
      const factory = new IDBFactory();
      const f = createRunFactory();
      const old = f.run();
      await buildV1Database(factory, NAME, [toV1Record(old, f.transcripts(2))]);
      // An old tab holds a v1 connection and ignores versionchange.
      const oldTab = await rawOpen(factory, 1);

      const notices: HistoryNotice[] = [];
      const started = Date.now();
      const h = keep(await createHistory({ name: NAME, indexedDB: factory, openTimeoutMs: 150, onNotice: (n) => notices.push(n) }));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(h.mode).toBe('memory');
      expect(codes(notices)).toEqual(['FS202', 'FS202']);
      expect(notices[0].message).toContain('waiting for another tab');
      expect(notices[1].message).toContain('kept in memory');
      expect(notices[1].actions).toContain('reload');
      // A later subscriber still learns why history is in memory.
      const late: HistoryNotice[] = [];
      h.onNotice((n) => late.push(n));
      expect(codes(late)).toEqual(['FS202', 'FS202']);
      // The memory history works meanwhile.
      await h.saveRun(f.run(), f.transcripts(1));

      // The old tab goes away: the pending upgrade runs, and its connection is closed at once, so the
      // next open (e.g. after reload) is not blocked by this tab.
      oldTab.close();
      await vi.waitFor(async () => expect((await readRawDatabase(factory, NAME)).version).toBe(2));
      const reloaded = keep(await createHistory({ name: NAME, indexedDB: factory, openTimeoutMs: 1000 }));
      expect(reloaded.mode).toBe('indexeddb');
      expect(await reloaded.getTranscripts(old.id)).toHaveLength(2);
    });

    it('proceeds when the other tab lets go before the timeout, after notice FS202', async () => {
      const factory = new IDBFactory();
      const f = createRunFactory();
      const old = f.run();
      await buildV1Database(factory, NAME, [toV1Record(old, f.transcripts(2))]);
      const oldTab = await rawOpen(factory, 1);
      oldTab.onversionchange = () => setTimeout(() => oldTab.close(), 50);
      const notices: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: NAME, indexedDB: factory, openTimeoutMs: 2000, onNotice: (n) => notices.push(n) }));
      expect(h.mode).toBe('indexeddb');
      expect(codes(notices)).toEqual(['FS202']);
      expect(await h.getTranscripts(old.id)).toHaveLength(2);
    });
  });

  it('another tab upgrading: closes the connection at once, notice FS203, later calls reject FS203', async () => {
    const factory = new IDBFactory();
    const notices: HistoryNotice[] = [];
    const h = keep(await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n) }));
    const f = createRunFactory();
    await h.saveRun(f.run(), f.transcripts(1));
    // A newer tab opens version 3: it must not be blocked by this tab.
    const newer = await rawOpen(factory, 3);
    expect(newer.version).toBe(3);
    newer.close();
    expect(codes(notices)).toEqual(['FS203']);
    expect(notices[0].actions).toEqual(['reload', 'export']);
    await expectCode(h.saveRun(f.run(), f.transcripts(1)), 'FS203');
    await expectCode(h.listRuns('flow-a'), 'FS203');
  });

  describe('IndexedDB unavailable', () => {
    it('no indexedDB global: memory history and notice FS200, replayed to later subscribers', async () => {
      vi.stubGlobal('indexedDB', undefined);
      const heard: HistoryNotice[] = [];
      const h = keep(await createHistory({ onNotice: (n) => heard.push(n) }));
      expect(h.mode).toBe('memory');
      expect(codes(heard)).toEqual(['FS200']);
      expect(heard[0].message).toContain(ERROR_CODES.FS200);
      const later: HistoryNotice[] = [];
      h.onNotice((n) => later.push(n));
      expect(later).toEqual(heard);
    });

    it('open() throws (a browser that forbids storage): memory and FS200 with the reason', async () => {
      const tracked = trackConnections(new IDBFactory());
      tracked.failOpens(1, new DOMException('The operation is insecure.', 'SecurityError'));
      const heard: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory, onNotice: (n) => heard.push(n) }));
      expect(h.mode).toBe('memory');
      expect(codes(heard)).toEqual(['FS200']);
      expect(heard[0].message).toContain('insecure');
    });

    it('open() never answers: memory and FS200 after the timeout', async () => {
      const tracked = trackConnections(new IDBFactory());
      tracked.hangOpens(() => new IDBOpenDBRequest());
      const heard: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory, openTimeoutMs: 100, onNotice: (n) => heard.push(n) }));
      expect(h.mode).toBe('memory');
      expect(codes(heard)).toEqual(['FS200']);
      expect(heard[0].message).toContain('did not answer within 100 ms');
    });
  });

  describe('lost connection', () => {
    it('terminated by the browser: notice FS204, the next call reopens and works', async () => {
      const tracked = trackConnections(new IDBFactory());
      const notices: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory, onNotice: (n) => notices.push(n) }));
      const f = createRunFactory();
      const run = f.run();
      await h.saveRun(run, f.transcripts(2));
      forceCloseDatabase(tracked.connections[0] as never); // typed as the class, takes an instance
      await vi.waitFor(() => expect(codes(notices)).toEqual(['FS204']));
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([run.id]);
      expect(tracked.opens).toBe(2);
      await h.saveRun(f.run(), f.transcripts(1));
      expect(tracked.opens).toBe(2); // the new connection is reused, the stale one never again
      expect(codes(notices)).toEqual(['FS204']);
    });

    it('a closed handle (InvalidStateError): reopens once, retries the save, notice FS204', async () => {
      const tracked = trackConnections(new IDBFactory());
      const notices: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory, onNotice: (n) => notices.push(n) }));
      tracked.connections[0].close(); // no close event: the handle just stops working
      const f = createRunFactory();
      const run = f.run();
      await h.saveRun(run, f.transcripts(3));
      expect(codes(notices)).toEqual(['FS204']);
      expect(notices[0].actions).toEqual(['retry']);
      expect(tracked.opens).toBe(2);
      expect(await h.getTranscripts(run.id)).toHaveLength(3);
    });

    it('when reopening fails the call rejects with FS204; the next call reopens', async () => {
      const tracked = trackConnections(new IDBFactory());
      const h = keep(await createHistory({ name: NAME, indexedDB: tracked.factory }));
      tracked.connections[0].close();
      tracked.failOpens(1, new DOMException('Internal error opening backing store.', 'UnknownError'));
      const f = createRunFactory();
      const run = f.run();
      const error = await expectCode(h.saveRun(run, f.transcripts(1)), 'FS204');
      expect(error.message).toContain('could not be reopened');
      await h.saveRun(run, f.transcripts(1));
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([run.id]);
    });
  });
});

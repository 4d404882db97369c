/**
 * Issue 11 point 1: a history import can never white-screen the host. Every field the panel reads is
 * checked, with its range, before anything is written; runs damaged on disk are listed as damaged and can
 * be deleted; an import that skips every run says why.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistory } from '../../src/history/create-history.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryExport, HistoryNotice, HistoryRepository } from '../../src/history/types.ts';
import { checkHistoryExport } from '../../src/history/validate-history-export.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';

type Mutate = (file: Record<string, any>) => void;

/** A valid export of two runs with transcripts, as JSON-ready data. */
function exportFile(): Record<string, any> {
  const f = createRunFactory();
  const a = f.run();
  const b = f.run();
  const file: HistoryExport = { format: 'flowstress-history', version: 1, exportedAt: 1, runs: [a, b], transcripts: { [a.id]: f.transcripts(3), [b.id]: f.transcripts(2) } };
  return JSON.parse(JSON.stringify(file));
}

/** Hostile edits of a valid export, each with the path its FS205 message must name. */
const CASES: [string, Mutate, RegExp][] = [
  ['a run id "__proto__"', (x) => void (x.runs[0].id = '__proto__'), /runs\[0\]\.id: "__proto__" is a name JavaScript objects reserve/],
  ['a flow id "constructor"', (x) => void (x.runs[0].flowId = 'constructor'), /runs\[0\]\.flowId/],
  ['snapshot nodes [null, 5, "x"]', (x) => void (x.runs[0].flowSnapshot.nodes = [null, 5, 'x']), /runs\[0\]\.flowSnapshot: the flow snapshot is not a usable flow/],
  ['a snapshot node id "__proto__"', (x) => void (x.runs[0].flowSnapshot.nodes[1].id = '__proto__'), /flowSnapshot: the flow snapshot is not a usable flow \(FS020/],
  ['a completion of 5', (x) => void (x.runs[0].summary.scores.completion.value = 5), /runs\[0\]\.summary\.scores\.completion\.value: expected a number <= 1, got 5/],
  ['a completion whose value disagrees with its counts', (x) => Object.assign(x.runs[0].summary.scores.completion, { value: 0.9, successes: 1, total: 10, low: 0, high: 1 }), /completion\.value: expected successes \/ total/],
  ['more successes than total', (x) => Object.assign(x.runs[0].summary.scores.fallbackRate, { successes: 11, total: 10 }), /fallbackRate\.successes: expected a number <= 10/],
  ['an interval that does not hold the value', (x) => Object.assign(x.runs[0].summary.scores.completion, { low: 0.99, high: 1 }), /completion: expected low <= value <= high/],
  ['a negative node visit count', (x) => void ((Object.values(x.runs[0].summary.nodes)[0] as any).visits = -1), /nodes\[".*"\]\.visits: expected a number >= 0/],
  ['node stats that are not objects', (x) => void (x.runs[0].summary.nodes = { start: 7 }), /summary\.nodes\["start"\]: expected node stats/],
  ['a cluster that is null', (x) => void (x.runs[0].summary.clusters = [null]), /summary\.clusters\[0\]: expected an object/],
  ['a cluster share of 3', (x) => void (x.runs[0].summary.clusters = [{ outcome: 'stuck', nodeId: null, count: 1, share: 3, example: 0, summary: '' }]), /clusters\[0\]\.share: expected a number <= 1/],
  ['an unknown outcome count type', (x) => void (x.runs[0].summary.outcomes.stuck = 'many'), /outcomes\.stuck: expected a finite number/],
  ['n of a million', (x) => void (x.runs[0].n = 1_000_000), /runs\[0\]\.n: expected a number <= 100000/],
  ['a turn that is a number', (x) => void (Object.values(x.transcripts)[0] as any)[0].turns.push(5), /turns\[\d+\]: expected an object, got a number/],
  ['an event without a type', (x) => void (Object.values(x.transcripts)[0] as any)[0].turns[0].events.push({}), /events\[\d+\]\.type: expected a string/],
  ['a digression that is a string', (x) => void ((Object.values(x.transcripts)[0] as any)[0].digressions = ['x']), /digressions\[0\]: expected an object/],
  ['an error that is not an object', (x) => void ((Object.values(x.transcripts)[0] as any)[0].error = 'boom'), /\.error: expected an object/],
  ['a run nested 2,000 levels deep', (x) => void (x.runs[0].extra = JSON.parse('['.repeat(2000) + ']'.repeat(2000))), /runs\[0\]: nested more than 64 levels deep/],
];

describe('history import: deep checks (FS205), nothing written', () => {
  const open: HistoryRepository[] = [];
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });
  const histories = {
    indexeddb: async () => createHistory({ name: 'hostile-import', indexedDB: new IDBFactory(), now: () => 7 }),
    memory: async () => createMemoryHistory({ now: () => 7 }),
  };

  it('a valid export passes the checks', () => {
    expect(checkHistoryExport(exportFile())).toMatchObject({ ok: true });
  });

  for (const [label, make] of Object.entries(histories)) {
    describe(label, () => {
      it.each(CASES)('%s is refused with FS205 and the history is untouched', async (_name, mutate, path) => {
        const h = await make();
        open.push(h);
        const f = createRunFactory();
        const kept = f.run({ id: 'kept-run' });
        await h.saveRun(kept, f.transcripts(2));
        const before = await h.exportAll();
        const file = exportFile();
        mutate(file);
        // Through JSON text too, as a file arrives: a "__proto__" key is then an own property.
        for (const data of [file, JSON.stringify(file)]) {
          const err = await h.importAll(data).then(() => null, (e: Error & { code?: string }) => e);
          expect(err?.code).toBe('FS205');
          expect(err?.message).toMatch(path);
        }
        expect(await h.exportAll()).toEqual(before);
        expect(({} as Record<string, unknown>).completion).toBeUndefined();
      });

      it('an import whose runs are all there already says so (FS213), not just "0 runs"', async () => {
        const notices: HistoryNotice[] = [];
        const h = await make();
        open.push(h);
        h.onNotice((n) => notices.push(n));
        const file = exportFile();
        expect(await h.importAll(file)).toBe(2);
        expect(await h.importAll(file)).toBe(0);
        expect(notices.map((n) => n.code)).toEqual(['FS213']);
        expect(notices[0].message).toMatch(/FS213: All 2 runs in the file were already in the history \(same run id\) and kept as they were/);
      });
    });
  }
});

describe('damaged runs on disk (IndexedDB)', () => {
  it('are left out of the list, named in notice FS211 with a delete action, and can be deleted', async () => {
    const factory = new IDBFactory();
    const name = 'hostile-damaged';
    const h = await createHistory({ name, indexedDB: factory });
    const notices: HistoryNotice[] = [];
    h.onNotice((n) => notices.push(n));
    const f = createRunFactory();
    const good = f.run();
    const bad = f.run();
    await h.saveRun(good, f.transcripts(2));
    await h.saveRun(bad, f.transcripts(2));
    // Damage one row behind the repository's back, as an older version or a broken disk could.
    await new Promise<void>((resolve) => {
      const req = factory.open(name);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('runs', 'readwrite');
        const get = tx.objectStore('runs').get(bad.id);
        get.onsuccess = () => {
          const row = get.result;
          row.summary.scores.completion.value = 5;
          tx.objectStore('runs').put(row);
        };
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
      };
    });
    expect((await h.listRuns(good.flowId)).map((r) => r.id)).toEqual([good.id]);
    expect(notices.map((n) => n.code)).toEqual(['FS211']);
    expect(notices[0].actions).toEqual(['delete-damaged', 'export']);
    expect(notices[0].message).toMatch(new RegExp(`1 damaged run left out of the table \\(run "${bad.id}": summary\\.scores\\.completion\\.value: expected a number <= 1, got 5\\)`));
    expect(await h.deleteDamaged()).toBe(1);
    expect(await h.deleteDamaged()).toBe(0);
    expect((await h.listRuns(good.flowId)).map((r) => r.id)).toEqual([good.id]);
    expect(await h.getTranscripts(good.id)).toHaveLength(2);
    await expect(h.getTranscripts(bad.id)).rejects.toMatchObject({ code: 'FS207' });
    h.close();
  });
});

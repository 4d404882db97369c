import { afterEach, describe, expect, it } from 'vitest';
import { isFlowstressError } from '../../src/core/errors.ts';
import type { HistoryExport, HistoryNotice, HistoryRepository, RunRecord } from '../../src/history/types.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';

/** Creates a fresh, empty repository (its own database) for one test. */
export type MakeHistory = (options?: { transcriptRetention?: number; now?: () => number }) => Promise<HistoryRepository>;

/** Expects `promise` to reject with a FlowstressError of `code`; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a rejection with ${code}, but it resolved`);
    },
    (e: unknown) => e,
  );
  expect(isFlowstressError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message.startsWith(`${code}: `)).toBe(true);
  return error as Error & { code: string };
}

/**
 * The HistoryRepository contract, run against every implementation (IndexedDB in node and in Chromium,
 * and the in-memory fallback) so the fallback can never drift from the real thing.
 */
export function describeHistoryContract(label: string, expectedMode: HistoryRepository['mode'], makeHistory: MakeHistory): void {
  describe(`HistoryRepository contract: ${label}`, () => {
    const open: HistoryRepository[] = [];
    const make: MakeHistory = async (options) => {
      const h = await makeHistory(options);
      open.push(h);
      return h;
    };
    afterEach(() => {
      for (const h of open.splice(0)) h.close();
    });

    it(`reports mode ${expectedMode}`, async () => {
      expect((await make()).mode).toBe(expectedMode);
    });

    it('saves a run with its transcripts and reads both back', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run();
      const transcripts = f.transcripts(5);
      // Saved out of order: transcripts come back sorted by conversation index.
      await h.saveRun(run, [transcripts[3], transcripts[0], transcripts[4], transcripts[1], transcripts[2]]);
      const got = await h.getRun(run.id);
      expect(got).toEqual({ ...run, hasTranscripts: true, versionLabel: 'v1' });
      expect(await h.getTranscripts(run.id)).toEqual(transcripts);
      expect(await h.listRuns(run.flowId)).toEqual([got]);
    });

    it('owns hasTranscripts: false for a run saved without conversations', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run({ status: 'cancelled', n: 0, hasTranscripts: true });
      await h.saveRun(run, []);
      expect((await h.getRun(run.id))?.hasTranscripts).toBe(false);
      expect(await h.getTranscripts(run.id)).toEqual([]);
    });

    it('lists a flow newest first, filtered by persona, limited, without other flows', async () => {
      const h = await make();
      const f = createRunFactory();
      const a1 = f.run({ persona: 'impatient', startedAt: 1000 });
      const a2 = f.run({ persona: 'elderly', startedAt: 3000 });
      const a3 = f.run({ persona: 'impatient', startedAt: 2000 });
      const other = f.run({ flowId: 'flow-b', startedAt: 5000 });
      for (const r of [a1, a2, a3, other]) await h.saveRun(r, f.transcripts(1));
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([a2.id, a3.id, a1.id]);
      expect((await h.listRuns('flow-a', { persona: 'impatient' })).map((r) => r.id)).toEqual([a3.id, a1.id]);
      expect((await h.listRuns('flow-a', { limit: 2 })).map((r) => r.id)).toEqual([a2.id, a3.id]);
      expect((await h.listRuns('flow-a', { persona: 'impatient', limit: 1 })).map((r) => r.id)).toEqual([a3.id]);
      expect(await h.listRuns('flow-a', { limit: 0 })).toEqual([]);
      expect((await h.listRuns('flow-b')).map((r) => r.id)).toEqual([other.id]);
      expect(await h.listRuns('flow-none')).toEqual([]);
    });

    it('breaks ties in start time by id, the same in every implementation', async () => {
      const h = await make();
      const f = createRunFactory();
      const runs = [f.run({ id: 'b', startedAt: 10 }), f.run({ id: 'c', startedAt: 10 }), f.run({ id: 'a', startedAt: 10 })];
      for (const r of runs) await h.saveRun(r, []);
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    });

    it('labels flow versions by first appearance of each hash, from all runs of the flow', async () => {
      const h = await make();
      const f = createRunFactory();
      // Time order h1, h2, h1, h3, h2; saved in a different order to show labels follow time, not saving.
      const runs = [
        f.run({ flowHash: 'h3', startedAt: 400, persona: 'elderly' }),
        f.run({ flowHash: 'h1', startedAt: 100, persona: 'elderly' }),
        f.run({ flowHash: 'h2', startedAt: 200, persona: 'impatient' }),
        f.run({ flowHash: 'h1', startedAt: 300, persona: 'impatient' }),
        f.run({ flowHash: 'h2', startedAt: 500, persona: 'elderly' }),
        f.run({ flowHash: 'h9', startedAt: 50, flowId: 'flow-b' }),
      ];
      for (const r of runs) await h.saveRun(r, []);
      const list = await h.listRuns('flow-a');
      expect(list.map((r) => [r.startedAt, r.versionLabel])).toEqual([
        [500, 'v2'],
        [400, 'v3'],
        [300, 'v1'],
        [200, 'v2'],
        [100, 'v1'],
      ]);
      // The persona filter and the limit do not renumber: labels come from the whole flow.
      expect((await h.listRuns('flow-a', { persona: 'impatient' })).map((r) => r.versionLabel)).toEqual(['v1', 'v2']);
      expect((await h.listRuns('flow-a', { persona: 'elderly', limit: 1 })).map((r) => r.versionLabel)).toEqual(['v2']);
      expect((await h.getRun(runs[0].id))?.versionLabel).toBe('v3');
      expect((await h.listRuns('flow-b'))[0].versionLabel).toBe('v1');
      // Deleting the first run of h1 makes h2 the first version.
      await h.deleteRun(runs[1].id);
      expect((await h.listRuns('flow-a')).map((r) => r.versionLabel)).toEqual(['v1', 'v3', 'v2', 'v1']);
    });

    it('saving the same id again replaces the run and all its transcripts', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run();
      await h.saveRun(run, f.transcripts(5));
      const changed = { ...run, status: 'completed_with_errors' as const };
      await h.saveRun(changed, f.transcripts(2));
      expect((await h.getRun(run.id))?.status).toBe('completed_with_errors');
      expect((await h.getTranscripts(run.id)).map((c) => c.index)).toEqual([0, 1]);
      expect(await h.listRuns(run.flowId)).toHaveLength(1);
    });

    it('rejects a malformed run with FS206 and writes nothing', async () => {
      const h = await make();
      const f = createRunFactory();
      const good = f.run();
      await h.saveRun(good, f.transcripts(2));
      const bad = { ...f.run(), persona: 'grumpy' } as unknown as RunRecord;
      const error = await expectCode(h.saveRun(bad, f.transcripts(2)), 'FS206');
      expect(error.message).toContain('run.persona');
      const dup = f.run();
      const list = f.transcripts(2);
      await expectCode(h.saveRun(dup, [list[0], list[0]]), 'FS206');
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([good.id]);
      await expectCode(h.getTranscripts(dup.id), 'FS207');
    });

    it('returns copies: changing a returned run does not change the history', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run();
      const transcripts = f.transcripts(1);
      await h.saveRun(run, transcripts);
      run.flowName = 'changed after saving';
      transcripts[0].outcome = 'error';
      const got = (await h.getRun(run.id))!;
      expect(got.flowName).toBe('Orders and returns');
      got.summary.scores.completion.value = 42;
      expect((await h.getRun(run.id))!.summary.scores.completion.value).not.toBe(42);
      expect((await h.getTranscripts(run.id))[0].outcome).not.toBe('error');
    });

    it('getRun of an unknown id is undefined; getTranscripts of one rejects FS207', async () => {
      const h = await make();
      expect(await h.getRun('nope')).toBeUndefined();
      await expectCode(h.getTranscripts('nope'), 'FS207');
    });

    it('deletes a run with its transcripts and leaves the others', async () => {
      const h = await make();
      const f = createRunFactory();
      const [a, b] = [f.run(), f.run()];
      await h.saveRun(a, f.transcripts(3));
      await h.saveRun(b, f.transcripts(3));
      await h.deleteRun(a.id);
      expect(await h.getRun(a.id)).toBeUndefined();
      await expectCode(h.getTranscripts(a.id), 'FS207');
      expect(await h.getTranscripts(b.id)).toHaveLength(3);
      // Deleting again is a no-op: the run is gone either way.
      await h.deleteRun(a.id);
      // A run saved again under the deleted id starts without the old transcripts.
      await h.saveRun(a, []);
      expect(await h.getTranscripts(a.id)).toEqual([]);
    });

    it('clears one flow, or everything', async () => {
      const h = await make();
      const f = createRunFactory();
      const a = f.run();
      const b = f.run({ flowId: 'flow-b' });
      await h.saveRun(a, f.transcripts(2));
      await h.saveRun(b, f.transcripts(2));
      await h.clear('flow-a');
      expect(await h.listRuns('flow-a')).toEqual([]);
      await expectCode(h.getTranscripts(a.id), 'FS207');
      expect(await h.getTranscripts(b.id)).toHaveLength(2);
      await h.clear();
      expect(await h.listRuns('flow-b')).toEqual([]);
      expect((await h.exportAll()).runs).toEqual([]);
    });

    it('prunes transcripts of all but the newest runs and keeps every summary', async () => {
      const h = await make({ transcriptRetention: Infinity });
      const f = createRunFactory();
      const runs = [f.run(), f.run(), f.run(), f.run()];
      for (const r of runs) await h.saveRun(r, f.transcripts(2));
      expect(await h.pruneTranscripts(2)).toBe(2);
      const list = await h.listRuns('flow-a');
      expect(list.map((r) => [r.id, r.hasTranscripts])).toEqual([
        [runs[3].id, true],
        [runs[2].id, true],
        [runs[1].id, false],
        [runs[0].id, false],
      ]);
      expect(await h.getTranscripts(runs[0].id)).toEqual([]);
      expect(await h.getTranscripts(runs[3].id)).toHaveLength(2);
      expect(list[3].summary).toEqual(runs[0].summary);
      expect(await h.pruneTranscripts(2)).toBe(0);
      expect(await h.pruneTranscripts(0)).toBe(2);
      expect((await h.listRuns('flow-a')).every((r) => !r.hasTranscripts)).toBe(true);
    });

    it('applies the retention after each save, across flows', async () => {
      const h = await make({ transcriptRetention: 2 });
      const f = createRunFactory();
      const runs = [f.run(), f.run({ flowId: 'flow-b' }), f.run(), f.run({ flowId: 'flow-b' })];
      for (const r of runs) await h.saveRun(r, f.transcripts(3));
      const kept = await Promise.all(runs.map(async (r) => (await h.getRun(r.id))!.hasTranscripts));
      expect(kept).toEqual([false, false, true, true]);
      expect(await h.getTranscripts(runs[1].id)).toEqual([]);
      expect(await h.getTranscripts(runs[3].id)).toHaveLength(3);
    });

    it('exports everything and imports it into an empty history unchanged', async () => {
      const h = await make({ now: () => 1234 });
      const f = createRunFactory();
      const runs = [f.run({ flowHash: 'h1' }), f.run({ flowHash: 'h2', persona: 'elderly' }), f.run({ flowId: 'flow-b' })];
      await h.saveRun(runs[0], f.transcripts(3));
      await h.saveRun(runs[1], []);
      await h.saveRun(runs[2], f.transcripts(1));
      const file = await h.exportAll();
      expect(file.format).toBe('flowstress-history');
      expect(file.version).toBe(1);
      expect(file.exportedAt).toBe(1234);
      expect(file.runs.map((r) => r.id).sort()).toEqual(runs.map((r) => r.id).sort());
      expect(Object.keys(file.transcripts).sort()).toEqual([runs[0].id, runs[2].id].sort());
      // Through JSON text, as a file on disk would be.
      const text = JSON.stringify(file);
      const other = await make();
      expect(await other.importAll(text)).toBe(3);
      expect(await other.listRuns('flow-a')).toEqual(await h.listRuns('flow-a'));
      expect(await other.getTranscripts(runs[0].id)).toEqual(await h.getTranscripts(runs[0].id));
      expect(await other.getRun(runs[1].id)).toEqual(await h.getRun(runs[1].id));
    });

    it('import skips runs that already exist and returns how many it imported', async () => {
      const h = await make();
      const f = createRunFactory();
      const existing = f.run();
      await h.saveRun(existing, f.transcripts(2));
      const fresh = f.run();
      const file: HistoryExport = {
        format: 'flowstress-history',
        version: 1,
        exportedAt: 1,
        runs: [{ ...existing, flowName: 'from the file' }, fresh],
        transcripts: { [existing.id]: f.transcripts(5), [fresh.id]: f.transcripts(4) },
      };
      expect(await h.importAll(file)).toBe(1);
      expect((await h.getRun(existing.id))?.flowName).toBe('Orders and returns');
      expect(await h.getTranscripts(existing.id)).toHaveLength(2);
      expect(await h.getTranscripts(fresh.id)).toHaveLength(4);
      expect(await h.importAll(file)).toBe(0);
    });

    it('import sets hasTranscripts from the transcripts in the file', async () => {
      const h = await make();
      const f = createRunFactory();
      const a = f.run({ hasTranscripts: true });
      const b = f.run({ hasTranscripts: false });
      await h.importAll({ format: 'flowstress-history', version: 1, exportedAt: 1, runs: [a, b], transcripts: { [b.id]: f.transcripts(1) } });
      expect((await h.getRun(a.id))?.hasTranscripts).toBe(false);
      expect((await h.getRun(b.id))?.hasTranscripts).toBe(true);
    });

    describe('import validates the whole file first and rejects with FS205, writing nothing', () => {
      const f = createRunFactory();
      const good = () => {
        const runs = [f.run(), f.run(), f.run()];
        return { format: 'flowstress-history', version: 1, exportedAt: 5, runs, transcripts: { [runs[0].id]: f.transcripts(2) } } as HistoryExport;
      };
      const cases: Array<[string, () => unknown, string]> = [
        ['not an object', () => 42, '$'],
        ['invalid JSON text', () => '{"format": "flowstress-history", ', 'not valid JSON'],
        ['wrong format tag', () => ({ ...good(), format: 'something-else' }), 'format'],
        ['unsupported version', () => ({ ...good(), version: 2 }), 'version'],
        ['runs not an array', () => ({ ...good(), runs: {} }), '$.runs'],
        ['transcripts missing', () => ({ ...good(), transcripts: undefined }), '$.transcripts'],
        ['last run missing a field', () => {
          const file = good();
          delete (file.runs[2] as Partial<RunRecord>).flowHash;
          return file;
        }, 'runs[2].flowHash'],
        ['a run field of the wrong type', () => {
          const file = good();
          (file.runs[1] as unknown as { startedAt: string }).startedAt = 'yesterday';
          return file;
        }, 'runs[1].startedAt'],
        ['a bad summary deep inside', () => {
          const file = good();
          (file.runs[1].summary.scores as unknown as { completion: unknown }).completion = null;
          return file;
        }, 'runs[1].summary.scores.completion'],
        ['duplicate run ids', () => {
          const file = good();
          file.runs[2] = { ...file.runs[2], id: file.runs[0].id };
          return file;
        }, 'duplicate run id'],
        ['transcripts of a run not in the file', () => ({ ...good(), transcripts: { 'run-unknown': f.transcripts(1) } }), 'not in the file'],
        ['a malformed conversation', () => {
          const file = good();
          const [first] = Object.values(file.transcripts);
          (first[1] as unknown as { outcome: string }).outcome = 'exploded';
          return file;
        }, '[1].outcome'],
      ];
      for (const [name, build, where] of cases) {
        it(name, async () => {
          const h = await make();
          const mine = f.run({ id: 'mine' });
          await h.saveRun(mine, f.transcripts(1));
          const before = await h.exportAll();
          const error = await expectCode(h.importAll(build()), 'FS205');
          expect(error.message).toContain(where);
          const after = await h.exportAll();
          expect(after.runs).toEqual(before.runs);
          expect(after.transcripts).toEqual(before.transcripts);
        });
      }
    });

    it('delivers notices to subscribers until they unsubscribe', async () => {
      const h = await make();
      const seen: HistoryNotice[] = [];
      const off = h.onNotice((n) => seen.push(n));
      expect(typeof off).toBe('function');
      off();
      expect(seen.filter((n) => n.code !== 'FS200')).toEqual([]);
    });

    it('rejects every call after close() with FS210', async () => {
      const h = await make();
      h.close();
      const f = createRunFactory();
      await expectCode(h.saveRun(f.run(), []), 'FS210');
      await expectCode(h.listRuns('flow-a'), 'FS210');
      await expectCode(h.getRun('x'), 'FS210');
      await expectCode(h.exportAll(), 'FS210');
    });
  });
}

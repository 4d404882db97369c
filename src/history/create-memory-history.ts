import type { CustomerMessage } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { historyError, skippedNotice, toHistoryError } from './history-error.ts';
import { DEFAULT_TRANSCRIPT_RETENTION, normalizeKeep, prepareCustomerMessages, prepareImportAll, prepareRun } from './history-records.ts';
import { createNoticeHub, type NoticeHub, type NoticeListener } from './notice-hub.ts';
import type { HistoryExport, HistoryRepository, RunListItem, RunRecord } from './types.ts';
import { compareRunsOldestFirst, toRunList } from './version-labels.ts';

export interface MemoryHistoryOptions {
  /** Runs whose transcripts are kept; older runs keep their summaries only. Default 200. */
  transcriptRetention?: number;
  /** Hears every notice, including ones raised before the repository is returned. */
  onNotice?: NoticeListener;
  /** Clock for `exportedAt` (injected in tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * The history kept in memory for this session: the same contract as the IndexedDB history, used when
 * IndexedDB is unavailable (`createHistory` falls back to it with notice FS200) and in tests.
 * Values are copied in and out (`structuredClone`), as IndexedDB does, so callers can never alias
 * stored runs.
 *
 * @example
 * const history = createMemoryHistory();
 * await history.saveRun(run, conversations);
 * const [latest] = await history.listRuns(run.flowId);
 *
 * @param hub Internal: `createHistory` passes its own so the notices raised while opening reach later
 *   subscribers. Callers leave it out.
 */
export function createMemoryHistory(options: MemoryHistoryOptions = {}, hub: NoticeHub = createNoticeHub(options.onNotice)): HistoryRepository {
  const retention = normalizeKeep(options.transcriptRetention, DEFAULT_TRANSCRIPT_RETENTION);
  const runs = new Map<string, RunRecord>();
  const transcripts = new Map<string, ConversationResult[]>();
  const messages = new Map<string, CustomerMessage[]>();
  const now = options.now ?? Date.now;
  let closed = false;
  hub.seal();

  const clone = <T>(v: T): T => structuredClone(v);
  const flowRuns = (flowId: string) => [...runs.values()].filter((r) => r.flowId === flowId);

  /** Every method settles with a FlowstressError, as the IndexedDB history does. */
  const guard = async <T>(fallback: 'FS206' | 'FS209', work: () => T): Promise<T> => {
    if (closed) throw historyError('FS210');
    try {
      return work();
    } catch (e) {
      throw toHistoryError(e, fallback);
    }
  };

  const prune = (keep: number): number => {
    const kept = [...runs.values()].filter((r) => r.hasTranscripts).sort(compareRunsOldestFirst);
    const drop = kept.slice(0, Math.max(0, kept.length - keep));
    for (const run of drop) {
      transcripts.delete(run.id);
      runs.set(run.id, { ...run, hasTranscripts: false });
    }
    return drop.length;
  };

  return {
    mode: 'memory',

    saveRun: (run, list) =>
      guard('FS206', () => {
        const prepared = prepareRun(run, list);
        // Clone both first so a value that cannot be cloned fails before anything is stored.
        const storedRun = clone(prepared.record);
        const storedList = clone(prepared.transcripts);
        runs.set(storedRun.id, storedRun);
        if (storedList.length) transcripts.set(storedRun.id, storedList);
        else transcripts.delete(storedRun.id);
        prune(retention);
      }),

    listRuns: (flowId: string, opts: { persona?: PersonaId; limit?: number } = {}) =>
      guard('FS209', () => {
        const persona = opts.persona;
        return clone(toRunList(flowRuns(flowId), { include: persona === undefined ? undefined : (r) => r.persona === persona, limit: opts.limit }));
      }),

    getRun: (id) =>
      guard('FS209', (): RunListItem | undefined => {
        const run = runs.get(id);
        if (!run) return undefined;
        return clone(toRunList(flowRuns(run.flowId), { include: (r) => r.id === id })[0]);
      }),

    getTranscripts: (runId) =>
      guard('FS209', () => {
        if (!runs.has(runId)) throw historyError('FS207', `no run "${runId}"`);
        return clone([...(transcripts.get(runId) ?? [])].sort((a, b) => a.index - b.index));
      }),

    deleteRun: (id) =>
      guard('FS209', () => {
        runs.delete(id);
        transcripts.delete(id);
      }),

    clear: (flowId) =>
      guard('FS209', () => {
        for (const run of [...runs.values()]) {
          if (flowId === undefined || run.flowId === flowId) {
            runs.delete(run.id);
            transcripts.delete(run.id);
          }
        }
      }),

    pruneTranscripts: (keep) => guard('FS209', () => prune(normalizeKeep(keep, 0))),

    exportAll: () =>
      guard('FS209', (): HistoryExport => {
        const out: HistoryExport = { format: 'flowstress-history', version: 1, exportedAt: now(), runs: [], transcripts: {} };
        for (const run of [...runs.values()].sort(compareRunsOldestFirst)) {
          out.runs.push(clone(run));
          const list = transcripts.get(run.id);
          if (run.hasTranscripts && list?.length) out.transcripts[run.id] = clone([...list].sort((a, b) => a.index - b.index));
        }
        if (messages.size > 0) out.customerMessages = Object.fromEntries([...messages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, list]) => [id, clone(list)]));
        return out;
      }),

    importAll: (data) =>
      guard('FS209', () => {
        const { runs: prepared, customerMessages } = prepareImportAll(data);
        const fresh = prepared.filter((p) => !runs.has(p.record.id)).map((p) => clone(p));
        if (fresh.length < prepared.length) hub.emit(skippedNotice(prepared.length - fresh.length, prepared.length));
        for (const p of fresh) {
          runs.set(p.record.id, p.record);
          if (p.transcripts.length) transcripts.set(p.record.id, p.transcripts);
        }
        // A flow's own messages win over the file's, as runs already present do.
        for (const [flowId, list] of Object.entries(customerMessages)) if (!messages.has(flowId)) messages.set(flowId, clone(list));
        prune(retention);
        return fresh.length;
      }),

    // Runs are checked on the way in, so memory never holds a damaged one.
    deleteDamaged: () => guard('FS209', () => 0),
    getCustomerMessages: (flowId) => guard('FS209', () => clone(messages.get(flowId) ?? [])),

    saveCustomerMessages: (flowId, list) =>
      guard('FS209', () => {
        const prepared = clone(prepareCustomerMessages(flowId, list));
        if (prepared.length) messages.set(flowId, prepared);
        else messages.delete(flowId);
      }),

    clearCustomerMessages: (flowId) =>
      guard('FS209', () => {
        messages.delete(flowId);
      }),

    onNotice: (listener) => hub.subscribe(listener),

    close() {
      closed = true;
    },
  };
}

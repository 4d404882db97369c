import type { HistoryNotice, HistoryRepository, StorageMode } from '../history/types.ts';
import type { StressClient } from '../worker/types.ts';

/**
 * A StressClient that creates the real one on first use, so mounting the panel spawns no worker until
 * the designer runs a batch. `dispose()` disposes the real client and allows a fresh one later, which
 * keeps React StrictMode's mount, unmount, mount sequence from leaking or double-spawning workers.
 *
 * @example
 * const client = createLazyClient(() => createStressClient());
 */
export function createLazyClient(factory: () => StressClient): StressClient {
  let real: StressClient | null = null;
  const get = () => (real ??= factory());
  return {
    runBatch: (request, options) => get().runBatch(request, options),
    warm: () => get().warm(),
    dispose() {
      real?.dispose();
      real = null;
    },
  };
}

/**
 * A HistoryRepository opened on first use from a (possibly async) factory. Notice listeners added before
 * it opens are forwarded once it does. `close()` closes it and allows reopening; an instance that
 * arrives after `close()` was called is closed at once.
 *
 * @example
 * const history = createLazyHistory(() => openHistory({ name: 'flowstress' }));
 */
export function createLazyHistory(factory: () => HistoryRepository | Promise<HistoryRepository>): HistoryRepository {
  let opening: Promise<HistoryRepository> | null = null;
  let real: HistoryRepository | null = null;
  let generation = 0;
  const listeners = new Set<(n: HistoryNotice) => void>();
  let unsubscribeReal: (() => void) | null = null;
  const open = (): Promise<HistoryRepository> => {
    if (opening) return opening;
    const gen = generation;
    opening = Promise.resolve()
      .then(factory)
      .then((repo) => {
        if (gen !== generation) {
          repo.close();
          throw new Error('FS204: the history was closed while opening');
        }
        real = repo;
        unsubscribeReal = repo.onNotice((n) => listeners.forEach((l) => l(n)));
        return repo;
      });
    opening.catch(() => {
      if (gen === generation) opening = null; // let the next call retry
    });
    return opening;
  };
  return {
    get mode(): StorageMode {
      return real?.mode ?? 'indexeddb';
    },
    saveRun: async (run, transcripts) => (await open()).saveRun(run, transcripts),
    listRuns: async (flowId, options) => (await open()).listRuns(flowId, options),
    getRun: async (id) => (await open()).getRun(id),
    getTranscripts: async (runId) => (await open()).getTranscripts(runId),
    deleteRun: async (id) => (await open()).deleteRun(id),
    clear: async (flowId) => (await open()).clear(flowId),
    pruneTranscripts: async (keep) => (await open()).pruneTranscripts(keep),
    exportAll: async () => (await open()).exportAll(),
    importAll: async (data) => (await open()).importAll(data),
    deleteDamaged: async () => (await open()).deleteDamaged(),
    getCustomerMessages: async (flowId) => (await open()).getCustomerMessages(flowId),
    saveCustomerMessages: async (flowId, messages) => (await open()).saveCustomerMessages(flowId, messages),
    clearCustomerMessages: async (flowId) => (await open()).clearCustomerMessages(flowId),
    onNotice(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      generation++;
      unsubscribeReal?.();
      unsubscribeReal = null;
      real?.close();
      real = null;
      opening = null;
    },
  };
}

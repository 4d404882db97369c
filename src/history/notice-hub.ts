import type { HistoryNotice } from './types.ts';

export type NoticeListener = (notice: HistoryNotice) => void;

/** Fans notices out to listeners; remembers the ones raised while the history was being created. */
export interface NoticeHub {
  emit(notice: HistoryNotice): void;
  /** Adds a listener and replays the startup notices to it. */
  subscribe(listener: NoticeListener): () => void;
  /** Ends the startup phase: later notices are delivered live only. */
  seal(): void;
}

/**
 * A notice raised while the history opens (IndexedDB missing, an upgrade blocked) happens before the caller
 * holds the repository and can call `onNotice`. Those notices are kept and replayed to each listener that
 * subscribes later, so the panel can still say why history is in memory. `first` hears everything live.
 */
export function createNoticeHub(first?: NoticeListener): NoticeHub {
  const listeners = new Set<NoticeListener>();
  const startup: HistoryNotice[] = [];
  let sealed = false;
  const deliver = (listener: NoticeListener, notice: HistoryNotice) => {
    try {
      listener(notice);
    } catch (e) {
      // A faulty banner must not break saving; report it where developers look.
      console.error(e);
    }
  };
  return {
    emit(notice) {
      if (!sealed) startup.push(notice);
      if (first) deliver(first, notice);
      for (const listener of [...listeners]) deliver(listener, notice);
    },
    subscribe(listener) {
      listeners.add(listener);
      for (const notice of startup) deliver(listener, notice);
      return () => {
        listeners.delete(listener);
      };
    },
    seal() {
      sealed = true;
    },
  };
}

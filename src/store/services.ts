import { formatMessage } from '../core/errors.ts';
import { createMemoryHistory } from '../history/create-memory-history.ts';
import type { HistoryRepository } from '../history/types.ts';
import type { StressClient } from '../worker/types.ts';
import { createLazyClient, createLazyHistory } from './lazy-services.ts';

export interface PanelServiceOptions {
  client?: StressClient;
  createClient?: () => StressClient;
  history?: HistoryRepository;
  createHistory?: () => HistoryRepository | Promise<HistoryRepository>;
}

export interface PanelServices {
  client: StressClient;
  history: HistoryRepository;
  /** Disposes what the panel created itself; instances passed in by the host stay the host's. */
  release(): void;
}

/** A client that explains itself when the host passed none: a setup error shown in the panel, not a crash. */
function missingClient(): StressClient {
  return {
    runBatch: async () => ({ ok: false, error: { code: 'FS254', message: formatMessage('FS254', 'the panel was given no `client` or `createClient`') } }),
    warm: async () => {},
    dispose: () => {},
  };
}

/**
 * Resolves the panel's client and history: instances from the host as they are, factories lazily (no
 * worker and no database until first needed). Without any history the runs are kept for the session.
 *
 * @example
 * const services = resolvePanelServices({ createClient: () => createStressClient(), createHistory: () => createHistory() });
 * // on unmount:
 * services.release();
 */
export function resolvePanelServices(options: PanelServiceOptions): PanelServices {
  const ownsClient = !options.client && !!options.createClient;
  const client = options.client ?? (options.createClient ? createLazyClient(options.createClient) : missingClient());
  const ownsHistory = !options.history;
  const history = options.history ?? createLazyHistory(options.createHistory ?? (() => createMemoryHistory()));
  return {
    client,
    history,
    release() {
      if (ownsClient) client.dispose();
      if (ownsHistory) history.close();
    },
  };
}

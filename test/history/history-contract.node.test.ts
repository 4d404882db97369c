import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createHistory } from '../../src/history/create-history.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import { describeHistoryContract } from './history-contract.ts';

// A fresh factory per repository: every test gets its own, empty set of databases.
describeHistoryContract('IndexedDB (fake-indexeddb)', 'indexeddb', (options) => createHistory({ ...options, indexedDB: new IDBFactory() }));

describeHistoryContract('memory', 'memory', async (options) => createMemoryHistory(options));

// The fallback is the same memory history, reached through createHistory.
describeHistoryContract('memory fallback (IndexedDB unusable)', 'memory', (options) =>
  createHistory({
    ...options,
    indexedDB: {
      open() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    } as unknown as IDBFactory,
  }),
);

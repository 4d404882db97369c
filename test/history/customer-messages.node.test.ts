import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createHistory } from '../../src/history/create-history.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import { describeCustomerMessagesContract } from './customer-messages-contract.ts';

describeCustomerMessagesContract('IndexedDB (fake-indexeddb)', (options) => createHistory({ ...options, indexedDB: new IDBFactory() }));
describeCustomerMessagesContract('memory', async (options) => createMemoryHistory(options));

describe('customer messages in IndexedDB', () => {
  it('live in the meta store under messages:<flowId>, next to the schema version', async () => {
    const factory = new IDBFactory();
    const h = await createHistory({ indexedDB: factory, name: 'messages-raw' });
    await h.saveCustomerMessages('bank', [{ text: 'my card never came', intent: 'card_not_arrived' }]);
    h.close();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open('messages-raw');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const req = db.transaction('meta').objectStore('meta').getAllKeys();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    expect(keys).toEqual(['messages:bank', 'schemaVersion']);
  });

  it('a damaged messages row reads as none and is left out of the export', async () => {
    const factory = new IDBFactory();
    const h = await createHistory({ indexedDB: factory, name: 'messages-damaged' });
    await h.saveCustomerMessages('bank', [{ text: 'my card never came', intent: 'card_not_arrived' }]);
    h.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open('messages-damaged');
      req.onsuccess = () => resolve(req.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ key: 'messages:bank', value: [{ text: 42 }] });
      tx.oncomplete = () => resolve();
    });
    db.close();
    const again = await createHistory({ indexedDB: factory, name: 'messages-damaged' });
    expect(await again.getCustomerMessages('bank')).toEqual([]);
    expect((await again.exportAll()).customerMessages).toBeUndefined();
    again.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_DB_VERSION } from '../../src/history/schema.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';
import { expectCode, type MakeHistory } from './history-contract.ts';

const cards = [
  { text: 'my new card still hasnt come in the post', intent: 'card_not_arrived' },
  { text: 'how long does a replacement card take', intent: 'card_not_arrived' },
  { text: 'I want to change my PIN', intent: 'change_pin' },
];
const pizza = [{ text: 'where is my pizza, it has been an hour', intent: 'track_delivery' }];

/**
 * Customer messages kept per flow in the `meta` store, the same in every implementation: read, replace,
 * clear, export and import. Kept apart from the contract of runs so both can grow without colliding.
 */
export function describeCustomerMessagesContract(label: string, makeHistory: MakeHistory): void {
  describe(`customer messages: ${label}`, () => {
    const open: HistoryRepository[] = [];
    const make: MakeHistory = async (options) => {
      const h = await makeHistory(options);
      open.push(h);
      return h;
    };
    afterEach(() => {
      for (const h of open.splice(0)) h.close();
    });

    it('keeps messages per flow: none at first, saved, replaced, cleared', async () => {
      const h = await make();
      expect(await h.getCustomerMessages('bank')).toEqual([]);
      await h.saveCustomerMessages('bank', cards);
      await h.saveCustomerMessages('pizza', pizza);
      expect(await h.getCustomerMessages('bank')).toEqual(cards);
      expect(await h.getCustomerMessages('pizza')).toEqual(pizza);
      await h.saveCustomerMessages('bank', cards.slice(0, 1));
      expect(await h.getCustomerMessages('bank')).toEqual(cards.slice(0, 1));
      await h.clearCustomerMessages('bank');
      expect(await h.getCustomerMessages('bank')).toEqual([]);
      expect(await h.getCustomerMessages('pizza')).toEqual(pizza);
    });

    it('stores plain copies: extra fields are dropped and later changes by the caller do not leak in', async () => {
      const h = await make();
      const list = cards.map((m) => ({ ...m, score: 0.9 }));
      await h.saveCustomerMessages('bank', list);
      list[0]!.text = 'changed after saving';
      expect(await h.getCustomerMessages('bank')).toEqual(cards);
    });

    it('rejects malformed messages with FS209 and keeps what was saved', async () => {
      const h = await make();
      await h.saveCustomerMessages('bank', cards);
      await expectCode(h.saveCustomerMessages('bank', [{ text: '', intent: 'x' }]), 'FS209');
      await expectCode(h.saveCustomerMessages('bank', 'not a list' as never), 'FS209');
      await expectCode(h.saveCustomerMessages('bank', [{ text: 'hi' }] as never), 'FS209');
      expect(await h.getCustomerMessages('bank')).toEqual(cards);
    });

    it('survives clearing and pruning the runs of the flow', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run({ flowId: 'bank' });
      await h.saveRun(run, f.transcripts(2));
      await h.saveCustomerMessages('bank', cards);
      await h.pruneTranscripts(0);
      await h.clear('bank');
      expect(await h.getCustomerMessages('bank')).toEqual(cards);
    });

    it('exports messages by flow id and imports them with the runs', async () => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run({ flowId: 'bank' });
      await h.saveRun(run, f.transcripts(1));
      await h.saveCustomerMessages('bank', cards);
      await h.saveCustomerMessages('pizza', pizza);
      const file = await h.exportAll();
      expect(file.customerMessages).toEqual({ bank: cards, pizza });

      const other = await make();
      expect(await other.importAll(JSON.stringify(file))).toBe(1);
      expect(await other.getCustomerMessages('bank')).toEqual(cards);
      expect(await other.getCustomerMessages('pizza')).toEqual(pizza);
    });

    it('an export without messages has no customerMessages field (older readers see the format they know)', async () => {
      const h = await make();
      const f = createRunFactory();
      await h.saveRun(f.run(), f.transcripts(1));
      expect('customerMessages' in (await h.exportAll())).toBe(false);
    });

    it('import keeps a flow’s own messages and adds those of flows without any', async () => {
      const h = await make();
      await h.saveCustomerMessages('bank', cards.slice(0, 1));
      const file = { format: 'flowstress-history', version: 1, exportedAt: 1, runs: [], transcripts: {}, customerMessages: { bank: cards, pizza } };
      expect(await h.importAll(file)).toBe(0);
      expect(await h.getCustomerMessages('bank')).toEqual(cards.slice(0, 1));
      expect(await h.getCustomerMessages('pizza')).toEqual(pizza);
    });

    it.each([
      ['not an object', 'nope', 'customerMessages'],
      ['a list that is not messages', { bank: [{ text: 'hi' }] }, 'customerMessages["bank"][0].intent'],
      ['an empty text', { bank: [{ text: '', intent: 'x' }] }, 'customerMessages["bank"][0].text'],
    ])('rejects an import whose messages are %s with FS205, writing nothing', async (_name, customerMessages, path) => {
      const h = await make();
      const f = createRunFactory();
      const run = f.run();
      const file = { format: 'flowstress-history', version: 1, exportedAt: 1, runs: [run], transcripts: {}, customerMessages };
      const error = await expectCode(h.importAll(file), 'FS205');
      expect(error.message).toContain(path);
      expect(await h.getRun(run.id)).toBeUndefined();
      expect(await h.getCustomerMessages('bank')).toEqual([]);
    });

    it('uses the existing schema: no database version change', () => {
      expect(HISTORY_DB_VERSION).toBe(2);
    });
  });
}

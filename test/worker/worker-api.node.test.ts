import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { flowHash } from '../../src/core/flow/hash.ts';
import { parseFlow } from '../../src/core/flow/index.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';
import { createWorkerPool, defaultPoolSize } from '../../src/worker/create-worker-pool.ts';
import type { WorkerApi } from '../../src/worker/types.ts';
import { createWorkerApi, type WorkerApiOptions } from '../../src/worker/worker-api.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';

const flow: FlowDocument = (() => {
  const parsed = parseFlow(miniFlow());
  if (!parsed.ok) throw new Error('fixture flow does not parse');
  return parsed.flow;
})();

// The API object over a real MessageChannel: the same structured clone and comlink protocol as a Worker.
const ports: MessagePort[] = [];
function remote(options?: WorkerApiOptions): Comlink.Remote<WorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createWorkerApi(options), port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<WorkerApi>(port2 as unknown as Comlink.Endpoint);
}
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('createWorkerApi over comlink', () => {
  it('answers ping', async () => {
    expect(await remote().ping()).toBe('pong');
  });

  it('loads a flow once per hash and runs conversations identical to the engine', async () => {
    let compiles = 0;
    const api = remote({ engine: { compileFlow: (doc, hash) => (compiles++, compileFlow(doc, hash)) } });
    const first = await api.load(flow);
    const again = await api.load(structuredClone(flow));
    expect(first).toEqual({ ok: true, value: { hash: flowHash(flow) } });
    expect(again).toEqual(first);
    expect(compiles).toBe(1);

    const compiled = compileFlow(flow, flowHash(flow));
    for (const index of [0, 1, 7]) {
      const reply = await api.run({ flowHash: flowHash(flow), persona: 'typo-prone', seed: 5, index, options: { maxTurns: 12 } });
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(JSON.stringify(reply.value)).toBe(JSON.stringify(simulateConversation(compiled, 'typo-prone', 5, index, { maxTurns: 12 })));
    }
  });

  it('returns FS104 as data for a flow it cannot compile', async () => {
    const reply = await remote().load({ ...flow, nodes: flow.nodes.filter((n) => n.type !== 'start') });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('FS104');
  });

  it('returns FS255 for a flow that is not loaded, and evicts the least recently used flow', async () => {
    const api = remote({ cacheSize: 1 });
    expect(await api.run({ flowHash: 'nope', persona: 'elderly', seed: 1, index: 0 })).toMatchObject({ ok: false, error: { code: 'FS255' } });
    const other: FlowDocument = { ...flow, id: 'other', intents: flow.intents.map((i) => ({ ...i, phrases: [...i.phrases, 'one more way to say it'] })) };
    const a = await api.load(flow);
    const b = await api.load(other);
    expect(a.ok && b.ok && a.value.hash !== b.value.hash).toBe(true);
    const ranA = await api.run({ flowHash: a.ok ? a.value.hash : '', persona: 'elderly', seed: 1, index: 0 });
    expect(ranA).toMatchObject({ ok: false, error: { code: 'FS255' } });
    const ranB = await api.run({ flowHash: b.ok ? b.value.hash : '', persona: 'elderly', seed: 1, index: 0 });
    expect(ranB.ok).toBe(true);
  });

  it('compiles a flow again when its customer messages change, though its content hash does not', async () => {
    let compiles = 0;
    const api = remote({ engine: { compileFlow: (doc, hash) => (compiles++, compileFlow(doc, hash)) } });
    const withMessages: FlowDocument = { ...flow, customerMessages: [{ text: 'my parcel never turned up, where is it', intent: 'track' }] };
    const plain = await api.load(flow);
    const imported = await api.load(withMessages);
    expect(plain).toEqual({ ok: true, value: { hash: flowHash(flow) } });
    expect(flowHash(withMessages)).toBe(flowHash(flow));
    expect(imported.ok && imported.value.hash).not.toBe(flowHash(flow));
    expect(compiles).toBe(2);
    // Each key runs its own flow: the imported messages reach the customers of that flow only.
    const key = imported.ok ? imported.value.hash : '';
    const compiledWith = compileFlow(withMessages, flowHash(withMessages));
    const reply = await api.run({ flowHash: key, persona: 'elderly', seed: 3, index: 4 });
    expect(reply.ok && JSON.stringify(reply.value)).toBe(JSON.stringify(simulateConversation(compiledWith, 'elderly', 3, 4)));
  });

  it('returns a lean result (no turns, every scored field kept) when the job asks for one', async () => {
    const api = remote();
    const loaded = await api.load(flow);
    const key = loaded.ok ? loaded.value.hash : '';
    const full = await api.run({ flowHash: key, persona: 'typo-prone', seed: 9, index: 2 });
    const lean = await api.run({ flowHash: key, persona: 'typo-prone', seed: 9, index: 2, lean: true });
    if (!full.ok || !lean.ok) throw new Error('runs failed');
    expect(full.value.turns.length).toBeGreaterThan(0);
    expect(lean.value.turns).toEqual([]);
    expect({ ...lean.value, turns: full.value.turns }).toEqual(full.value);
  });

  it('never throws across the boundary, even if the engine does', async () => {
    const api = remote({
      engine: {
        simulateConversation: () => {
          throw new Error('engine bug');
        },
        flowHash: () => {
          throw new Error('hash bug');
        },
      },
    });
    const loaded = await api.load(flow);
    expect(loaded).toMatchObject({ ok: false, error: { code: 'FS150' } });
    const direct = createWorkerApi({ engine: { simulateConversation: () => { throw new Error('engine bug'); } } });
    const h = direct.load(flow);
    expect(h.ok).toBe(true);
    expect(direct.run({ flowHash: h.ok ? h.value.hash : '', persona: 'impatient', seed: 1, index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'FS150', message: expect.stringContaining('engine bug') },
    });
  });
});

describe('createWorkerPool without Web Workers', () => {
  it('sizes the pool from half the cores, between 1 and 4', () => {
    expect([undefined, 0, 1, 2, 3, 4, 8, 16, 64].map((h) => defaultPoolSize(h))).toEqual([1, 1, 1, 1, 1, 2, 4, 4, 4]);
  });

  it('reports FS254 as error outcomes when no Worker exists, and settles', async () => {
    expect(typeof Worker).toBe('undefined');
    const pool = createWorkerPool({ size: 1 });
    const results: string[] = [];
    const batch = pool.submit({
      flow,
      flowHash: flowHash(flow),
      jobs: [0, 1].map((index) => ({ flowHash: flowHash(flow), persona: 'impatient' as const, seed: 1, index })),
      onResult: (r) => results.push(r.error?.code ?? r.outcome),
    });
    await batch.done;
    expect(results).toEqual(['FS254', 'FS254']);
    pool.dispose();
  });
});

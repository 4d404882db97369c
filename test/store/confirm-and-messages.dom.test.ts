import { describe, expect, it, vi } from 'vitest';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { createPanelStore } from '../../src/store/create-panel-store.ts';
import { pairedSampleSize } from '../../src/store/power.ts';
import type { PanelStoreDeps } from '../../src/store/types.ts';
import { createFakeClient, miniFlow, type FakeClientOptions } from '../ui/fakes.ts';

/** The fake's customers complete by flow: typo tolerance off (the draft) 30%, on (the fix) 60%. */
const byTypoTolerance: FakeClientOptions['quality'] = (_p, _call, flow) => (flow.settings.matcher.typoTolerance ? 0.6 : 0.3);

function draftFlow(): FlowDocument {
  const f = miniFlow();
  f.settings = { ...f.settings, matcher: { ...f.settings.matcher, typoTolerance: false } };
  return f;
}

function setup(opts: { client?: FakeClientOptions; history?: HistoryRepository; deps?: Partial<PanelStoreDeps>; flow?: FlowDocument } = {}) {
  const client = createFakeClient({ quality: byTypoTolerance, ...opts.client });
  const history = opts.history ?? createMemoryHistory();
  let flow = opts.flow ?? draftFlow();
  const getFlow = vi.fn(() => flow);
  let id = 0;
  const store = createPanelStore({
    client,
    history,
    getFlow,
    flowId: flow.id,
    flowName: flow.name,
    newId: () => `id-${++id}`,
    schedule: (cb) => {
      const t = setTimeout(cb, 0);
      return () => clearTimeout(t);
    },
    ...opts.deps,
  });
  const disconnect = store.getState().connect();
  return { store, client, history, getFlow, setFlow: (f: FlowDocument) => (flow = f), disconnect };
}

/** Runs the draft, then the fix: the selected run is the fix, with the draft as the earlier version. */
async function draftThenFix(ctx: ReturnType<typeof setup>) {
  ctx.store.getState().setN(25);
  await ctx.store.getState().run();
  ctx.setFlow(miniFlow());
  await ctx.store.getState().run();
  return ctx.store.getState().selectedRunId!;
}

describe('Confirm', () => {
  it('re-runs the same customers on both versions, sized by its pilot, and says improved', async () => {
    const ctx = setup();
    const runId = await draftThenFix(ctx);
    const calls = ctx.client.calls.length;
    await ctx.store.getState().confirm();
    const c = ctx.store.getState().confirmation!;
    expect(c).toMatchObject({ runId, status: 'done', baselineLabel: 'v1', persona: 'impatient', error: null });

    const confirmCalls = ctx.client.calls.slice(calls);
    // Pilot: customers 0-99 on the earlier version and on the draft; then the rest, the same on both.
    expect(confirmCalls.map((r) => [r.startIndex, r.n, r.flow.settings.matcher.typoTolerance])).toEqual([
      [0, 100, false],
      [0, 100, true],
      [100, c.customers - 100, false],
      [100, c.customers - 100, true],
    ]);
    for (const r of confirmCalls) expect(r).toMatchObject({ personas: ['impatient'], seed: ctx.store.getState().seed, transcripts: false });
    // 30% of the customers flip (all for the better): the exact power calculation's size for psi = 0.3.
    expect(c.customers).toBe(pairedSampleSize({ psi: 0.3 }));
    expect(c.capped).toBe(false);
    const completion = c.metrics!.completion;
    expect(completion.verdict).toBe('improved');
    expect(completion.pairs).toBe(c.customers);
    expect(completion.before).toBeCloseTo(0.3, 1);
    expect(completion.after).toBeCloseTo(0.6, 1);
    expect(completion.delta).toBeCloseTo(0.3, 1);
    expect(completion.worse).toBe(0);
    expect(completion.powered).toBe(true);
    expect(completion.detectable).toBeLessThanOrEqual(0.105);
    expect(c.progress).toEqual({ done: 2 * c.customers, total: 2 * c.customers });
  });

  it('stops after the pilot when the two versions hardly differ, and says no significant change', async () => {
    const ctx = setup({ client: { quality: (_p, _c, flow) => (flow.settings.matcher.typoTolerance ? 0.61 : 0.6) } });
    await draftThenFix(ctx);
    await ctx.store.getState().confirm();
    const c = ctx.store.getState().confirmation!;
    // 1% flip: a 10-point change would need at least 10% to flip, so 100 customers already have the power.
    expect(c.customers).toBe(100);
    expect(c.metrics!.completion.verdict).toBe('no_significant_change');
    expect(c.metrics!.completion.powered).toBe(true);
  });

  it('is not offered without an earlier version of the flow', async () => {
    const ctx = setup();
    await ctx.store.getState().run();
    await ctx.store.getState().run();
    const calls = ctx.client.calls.length;
    await ctx.store.getState().confirm();
    expect(ctx.store.getState().confirmation).toBeNull();
    expect(ctx.client.calls).toHaveLength(calls);
  });

  it('reports a draft with errors as FS104 with its findings, running nothing', async () => {
    const ctx = setup();
    await draftThenFix(ctx);
    const broken = miniFlow();
    broken.edges = broken.edges.filter((e) => !(e.source === 'menu' && e.sourceHandle === 'track'));
    ctx.setFlow(broken);
    const calls = ctx.client.calls.length;
    await ctx.store.getState().confirm();
    expect(ctx.store.getState().confirmation).toMatchObject({ status: 'error', error: { code: 'FS104' } });
    expect(ctx.store.getState().findings.some((f) => f.nodeId === 'menu')).toBe(true);
    expect(ctx.client.calls).toHaveLength(calls);
  });

  it('cancels at once, and a run can start right after', async () => {
    const ctx = setup();
    await draftThenFix(ctx);
    ctx.client.calls.length = 0;
    const paused = createFakeClient({ quality: byTypoTolerance, pauseAfter: 30 });
    ctx.client.runBatch = paused.runBatch;
    const confirming = ctx.store.getState().confirm();
    await vi.waitFor(() => expect(ctx.store.getState().confirmation?.progress.done).toBeGreaterThan(0));
    // A run waits while a Confirm is running.
    await ctx.store.getState().run();
    expect(paused.calls).toHaveLength(2);
    ctx.store.getState().cancelConfirm();
    expect(ctx.store.getState().confirmation?.status).toBe('cancelled');
    await confirming;
    expect(ctx.store.getState().confirmation?.status).toBe('cancelled');
    expect(ctx.store.getState().confirmation?.metrics).toBeNull();
    ctx.client.runBatch = createFakeClient({ quality: byTypoTolerance }).runBatch;
    await ctx.store.getState().run();
    expect(ctx.store.getState().status).toBe('done');
  });

  it('runs both versions with the draft’s customer messages, so they meet the same customers', async () => {
    const ctx = setup();
    await draftThenFix(ctx);
    await ctx.store.getState().importCustomerMessages('text,intent\n"where on earth is my parcel",track\n');
    const calls = ctx.client.calls.length;
    await ctx.store.getState().confirm();
    const sent = ctx.client.calls.slice(calls);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r.flow.customerMessages).toEqual([{ text: 'where on earth is my parcel', intent: 'track' }]);
  });
});

describe('customer messages', () => {
  const csv = 'text,intent\n"my parcel never came",track\n"please cancel what I ordered",cancel\n"stop it",cancel\n';

  it('imports a CSV, keeps it with the flow and runs every later batch with it (never as training phrases)', async () => {
    const ctx = setup();
    expect(await ctx.store.getState().importCustomerMessages(csv, 'chats.csv')).toBe(3);
    const state = ctx.store.getState().customerMessages;
    expect(state).toMatchObject({ status: 'ready', fileName: 'chats.csv' });
    expect(state.messages).toHaveLength(3);
    expect(await ctx.history.getCustomerMessages('mini')).toEqual(state.messages);
    await ctx.store.getState().run();
    const sent = ctx.client.calls.at(-1)!.flow;
    expect(sent.customerMessages).toEqual(state.messages);
    // The router's phrases are the flow's own.
    expect(sent.intents).toEqual(draftFlow().intents);
    expect(ctx.store.getState().history[0]!.flowSnapshot.customerMessages).toEqual(state.messages);
    expect(ctx.store.getState().notices).toEqual([]);
  });

  it('refuses a bad file with FS105 and saves nothing', async () => {
    const ctx = setup();
    await ctx.store.getState().importCustomerMessages(csv);
    expect(await ctx.store.getState().importCustomerMessages('message;label_missing\nhello;x\n', 'bad.csv')).toBe(0);
    const notice = ctx.store.getState().notices.find((n) => n.code === 'FS105')!;
    expect(notice).toMatchObject({ tone: 'error' });
    expect(notice.message).toMatch(/^bad\.csv: .*intent.*Nothing was imported\.$/);
    expect(ctx.store.getState().customerMessages.messages).toHaveLength(3);
    expect(await ctx.history.getCustomerMessages('mini')).toHaveLength(3);
  });

  it('warns (FS058) about messages for intents the flow does not define', async () => {
    const ctx = setup();
    await ctx.store.getState().importCustomerMessages('[{"text":"lost my card","intent":"card_lost"},{"text":"where is it","intent":"track"}]');
    const notice = ctx.store.getState().notices.find((n) => n.code === 'FS058')!;
    expect(notice.message).toBe('1 message names an intent this flow does not define ("card_lost"): it is not used. Fix the intent ids in the file.');
    expect(ctx.store.getState().customerMessages.flowIntents?.map((i) => i.id)).toContain('track');
  });

  it('loads the flow’s saved messages on connect, and another flow’s on a switch', async () => {
    const history = createMemoryHistory();
    await history.saveCustomerMessages('mini', [{ text: 'where is my stuff', intent: 'track' }]);
    const ctx = setup({ history });
    await vi.waitFor(() => expect(ctx.store.getState().customerMessages.status).toBe('ready'));
    expect(ctx.store.getState().customerMessages.messages).toHaveLength(1);
    await ctx.store.getState().run();
    expect(ctx.client.calls.at(-1)!.flow.customerMessages).toHaveLength(1);
    ctx.store.getState().setFlowMeta({ id: 'other', name: 'Other' });
    await vi.waitFor(() => expect(ctx.store.getState().customerMessages.status).toBe('ready'));
    expect(ctx.store.getState().customerMessages.messages).toEqual([]);
  });

  it('clears them: later runs use the built-in wording', async () => {
    const ctx = setup();
    await ctx.store.getState().importCustomerMessages(csv);
    await ctx.store.getState().clearCustomerMessages();
    expect(ctx.store.getState().customerMessages.messages).toEqual([]);
    expect(await ctx.history.getCustomerMessages('mini')).toEqual([]);
    await ctx.store.getState().run();
    expect(ctx.client.calls.at(-1)!.flow.customerMessages).toBeUndefined();
  });

  it('does not pair runs whose customer messages differ', async () => {
    const ctx = setup();
    await ctx.store.getState().run();
    await ctx.store.getState().importCustomerMessages(csv);
    await ctx.store.getState().run();
    const runId = ctx.store.getState().batch!.runIds[0]!;
    await vi.waitFor(() => expect(ctx.store.getState().comparisons[runId]).toBeDefined());
    expect(ctx.store.getState().comparisons[runId]).toMatchObject({ paired: false, note: expect.stringMatching(/^Customer messages changed/) });
  });
});

describe('batch sizes', () => {
  it('offers up to 500, and pairs runs of different sizes on the customers they share', async () => {
    const ctx = setup();
    ctx.store.getState().setN(25);
    await ctx.store.getState().run();
    ctx.setFlow(miniFlow());
    ctx.store.getState().setN(500);
    await ctx.store.getState().run();
    expect(ctx.client.calls.at(-1)!.n).toBe(500);
    const runId = ctx.store.getState().batch!.runIds[0]!;
    await vi.waitFor(() => expect(ctx.store.getState().comparisons[runId]?.status).toBe('ready'));
    const c = ctx.store.getState().comparisons[runId]!;
    expect(c).toMatchObject({ paired: true, note: 'Paired on the 25 customers both runs share (batch size 25 then 500).' });
    expect(c.metrics.completion.verdict).not.toBeNull();
  });
});

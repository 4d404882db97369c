import { describe, expect, it, vi } from 'vitest';
import { FlowstressError } from '../../src/core/errors.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { createPanelStore, defaultSeedFor } from '../../src/store/create-panel-store.ts';
import type { PanelStoreDeps, Scheduler } from '../../src/store/types.ts';
import { createFakeClient, miniFlow, type FakeClientOptions } from '../ui/fakes.ts';

function setup(opts: { client?: FakeClientOptions; history?: HistoryRepository; deps?: Partial<PanelStoreDeps> } = {}) {
  const client = createFakeClient(opts.client);
  const history = opts.history ?? createMemoryHistory();
  let flow = miniFlow();
  const getFlow = vi.fn(() => flow);
  let id = 0;
  const store = createPanelStore({ client, history, getFlow, flowId: flow.id, flowName: flow.name, newId: () => `id-${++id}`, schedule: (cb) => { const t = setTimeout(cb, 0); return () => clearTimeout(t); }, ...opts.deps });
  const disconnect = store.getState().connect();
  return { store, client, history, getFlow, setFlow: (f: typeof flow) => (flow = f), disconnect };
}

describe('createPanelStore', () => {
  it('reads the flow only when a run starts, runs, saves each persona run and lists it with a version label', async () => {
    const { store, client, history, getFlow } = setup();
    expect(getFlow).not.toHaveBeenCalled();
    store.getState().setPersona('all');
    store.getState().setN(10);
    await store.getState().run();
    expect(getFlow).toHaveBeenCalledTimes(1);
    expect(client.calls[0]).toMatchObject({ personas: ['impatient', 'typo-prone', 'non-native', 'elderly'], n: 10, seed: defaultSeedFor('mini') });
    const s = store.getState();
    expect(s.status).toBe('done');
    expect(s.progress).toEqual({ done: 40, total: 40 });
    expect(s.batch?.runIds).toHaveLength(4);
    expect(Object.values(s.runs).every((r) => r.saved && r.versionLabel === 'v1')).toBe(true);
    expect(s.history).toHaveLength(4);
    expect(s.selectedRunId).toBe(s.batch?.runIds[0]);
    expect(await history.getTranscripts(s.batch!.runIds[0]!)).toHaveLength(10);
  });

  it('blocks the run on validation errors and keeps the findings tied to nodes', async () => {
    const { store, client, setFlow } = setup();
    const broken = miniFlow();
    broken.edges = broken.edges.filter((e) => !(e.source === 'menu' && e.sourceHandle === 'track'));
    setFlow(broken);
    await store.getState().run();
    const s = store.getState();
    expect(s.status).toBe('error');
    expect(s.error?.code).toBe('FS104');
    expect(client.calls).toHaveLength(0);
    const errors = s.findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((f) => f.nodeId === 'menu')).toBe(true);
  });

  it('cancels at once and keeps the finished conversations as a cancelled run', async () => {
    const { store, client } = setup({ client: { pauseAfter: 7 } });
    store.getState().setN(50);
    const running = store.getState().run();
    await vi.waitFor(() => expect(client.calls).toHaveLength(1));
    await vi.waitFor(() => expect(store.getState().progress.done).toBe(7));
    store.getState().cancel();
    expect(store.getState().status).toBe('cancelled');
    await running;
    const s = store.getState();
    expect(s.status).toBe('cancelled');
    expect(s.batch).toMatchObject({ status: 'cancelled', finished: 7, requested: 50 });
    expect(s.history[0]?.status).toBe('cancelled');
  });

  it('throttles progress to one store update per tick', async () => {
    const ticks: (() => void)[] = [];
    const schedule: Scheduler = (cb) => {
      ticks.push(cb);
      return () => {};
    };
    const { store } = setup({ client: { pauseAfter: 50 }, deps: { schedule } });
    store.getState().setN(50);
    store.getState().setPersona('all');
    const seen: number[] = [];
    store.subscribe((s, prev) => {
      if (s.progress !== prev.progress) seen.push(s.progress.done);
    });
    const running = store.getState().run();
    await vi.waitFor(() => expect(ticks.length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 10));
    // 50 progress events so far, one tick scheduled, nothing applied yet besides the start.
    expect(seen).toEqual([0]);
    expect(ticks).toHaveLength(1);
    ticks[0]!();
    expect(seen).toEqual([0, 50]);
    store.getState().cancel();
    await running;
  });

  it('keeps results in memory with a notice when saving fails', async () => {
    const history = createMemoryHistory();
    history.saveRun = async () => {
      throw new FlowstressError('FS201', 'Storage is full: the run is kept in memory; delete old runs or prune stored transcripts to free space.');
    };
    const { store } = setup({ history });
    await store.getState().run();
    const s = store.getState();
    expect(s.status).toBe('done');
    const run = s.runs[s.selectedRunId!]!;
    expect(run.saved).toBe(false);
    expect(s.transcripts[run.id]).toHaveLength(25);
    expect(s.notices.map((n) => n.code)).toContain('FS201');
    expect(s.notices.find((n) => n.code === 'FS201')?.message).toMatch(/stay visible/);
  });

  it('compares a rerun with the previous run of the same persona and seed (paired)', async () => {
    const { store, setFlow } = setup({ client: { quality: (_p, call) => (call === 0 ? 0.3 : 0.95) } });
    store.getState().setN(50);
    await store.getState().run();
    const fixed = miniFlow();
    fixed.intents[0]!.phrases.push('where is my parcel');
    setFlow(fixed);
    await store.getState().run();
    const s = store.getState();
    const runId = s.batch!.runIds[0]!;
    await vi.waitFor(() => expect(store.getState().comparisons[runId]?.status).toBe('ready'));
    const c = store.getState().comparisons[runId]!;
    expect(c.paired).toBe(true);
    expect(c.previousVersionLabel).toBe('v1');
    expect(s.runs[runId]!.versionLabel).toBe('v2');
    expect(c.metrics.completion.verdict).toBe('improved');
    expect(c.metrics.completion.delta).toBeGreaterThan(0.5);
  });

  it('does not pair runs on different seeds', async () => {
    const { store } = setup();
    await store.getState().run();
    store.getState().setSeed(7);
    expect(store.getState().seedIsDefault).toBe(false);
    await store.getState().run();
    const runId = store.getState().batch!.runIds[0]!;
    await vi.waitFor(() => expect(store.getState().comparisons[runId]).toBeDefined());
    const c = store.getState().comparisons[runId]!;
    expect(c.paired).toBe(false);
    expect(c.metrics.completion.verdict).toBeNull();
    expect(c.note).toMatch(/Seed changed/);
  });

  it('loads transcripts of a history run lazily', async () => {
    const history = createMemoryHistory();
    const first = setup({ history });
    await first.store.getState().run();
    first.disconnect();
    const spy = vi.spyOn(history, 'getTranscripts');
    const second = setup({ history });
    await vi.waitFor(() => expect(second.store.getState().history).toHaveLength(1));
    const id = second.store.getState().history[0]!.id;
    // The newest run is shown on open, but its transcripts are not read until asked for.
    expect(second.store.getState().selectedRunId).toBe(id);
    spy.mockClear();
    await second.store.getState().loadTranscripts(id);
    await second.store.getState().loadTranscripts(id);
    expect(spy.mock.calls.filter(([r]) => r === id)).toHaveLength(1);
    expect(second.store.getState().transcripts[id]).toHaveLength(25);
  });

  it('deletes, exports and imports the history', async () => {
    const { store } = setup();
    await store.getState().run();
    await store.getState().run();
    expect(store.getState().history).toHaveLength(2);
    const json = await store.getState().exportHistory();
    await store.getState().deleteRun(store.getState().history[0]!.id);
    expect(store.getState().history).toHaveLength(1);

    const other = setup();
    expect(await other.store.getState().importHistory(json!)).toBe(2);
    await vi.waitFor(() => expect(other.store.getState().history).toHaveLength(2));
    expect(await other.store.getState().importHistory('not json')).toBe(0);
    expect(other.store.getState().notices.some((n) => n.code === 'FS205')).toBe(true);
  });

  it('gives every store its own state', async () => {
    const a = setup();
    const b = setup();
    a.store.getState().setPersona('elderly');
    await a.store.getState().run();
    expect(b.store.getState().persona).toBe('impatient');
    expect(b.store.getState().batch).toBeNull();
    expect(b.getFlow).not.toHaveBeenCalled();
  });

  it('relays history notices with their remedies', async () => {
    const history = createMemoryHistory();
    let emit: ((n: { code: string; message: string; actions?: ['prune-transcripts'] }) => void) | null = null;
    history.onNotice = (l) => {
      emit = l;
      return () => {};
    };
    const { store } = setup({ history });
    emit!({ code: 'FS201', message: 'FS201: Storage is full.', actions: ['prune-transcripts'] });
    expect(store.getState().notices[0]).toMatchObject({ code: 'FS201', message: 'Storage is full.', tone: 'error', actions: ['prune-transcripts'] });
  });
});

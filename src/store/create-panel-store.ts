import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeCode, formatMessage, isFlowstressError, toErrorInfo, type Finding, type FlowstressErrorInfo } from '../core/errors.ts';
import type { CustomerMessage, FlowDocument } from '../core/flow/types.ts';
import { parseCustomerMessages } from '../core/language/customer-messages.ts';
import { PERSONA_IDS, PERSONA_LABELS, type PersonaId } from '../core/personas/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { hashString } from '../core/simulate/random.ts';
import type { HistoryNoticeAction, RunListItem, RunRecord } from '../history/types.ts';
import type { BatchResult } from '../worker/types.ts';
import { compareSummaries, findConfirmBaseline, findPrevious, withVerdicts } from './compare-runs.ts';
import { CONFIRM_PILOT, MAX_CONFIRM_CUSTOMERS, runConfirm } from './confirm.ts';
import { comparePaired, hasErrors, validateFlow } from './engine.ts';
import { createFrameThrottle, defaultScheduler } from './frame-throttle.ts';
import { nodeLabelsOf } from './node-labels.ts';
import type { Confirmation, CustomerMessagesState, FlowSource, NoticeTone, PanelRun, PanelStore, PanelStoreDeps, Scheduler } from './types.ts';

export type PanelStoreApi = StoreApi<PanelStore>;

/** Confirm progress: at most one store update per 250 ms. */
const confirmScheduler: Scheduler = (cb) => {
  const id = setTimeout(cb, 250);
  return () => clearTimeout(id);
};

/** History rows whose comparison (and paired verdict) is computed in the background after a refresh. */
const COMPARED_HISTORY_ROWS = 20;
const HISTORY_LIMIT = 200;

/**
 * The flow's default seed: fixed per flow id, so every rerun meets the same simulated customers and the
 * history can say whether a fix really helped (paired comparison). Six digits, easy to read back.
 */
export function defaultSeedFor(flowId: string): number {
  return parseInt(hashString(`flowstress-seed:${flowId}`).slice(0, 8), 16) % 1_000_000;
}

function isFlowDocument(source: FlowSource): source is FlowDocument {
  return Array.isArray((source as FlowDocument).nodes) && !('findings' in source);
}

function normalizeSource(source: FlowSource): { flow: FlowDocument | null; findings: Finding[] } {
  if (isFlowDocument(source)) return { flow: source, findings: [] };
  return { flow: source.ok && source.flow ? source.flow : null, findings: source.findings ?? [] };
}

function mergeFindings(a: Finding[], b: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of [...a, ...b]) {
    const key = `${f.code}|${f.nodeId ?? ''}|${f.edgeId ?? ''}|${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  }
  // Errors first: they are what blocks the run.
  return out.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1));
}

/** The flow's intents, as the customer-messages summary names them. */
function intentsOf(flow: FlowDocument): CustomerMessagesState['flowIntents'] {
  return (flow.intents ?? []).map((i) => ({ id: i.id, label: i.label ?? i.id }));
}

/** A flow run with imported messages: they replace any the host's flow carries (the panel's import wins). */
function withCustomerMessages(flow: FlowDocument, messages: readonly CustomerMessage[]): FlowDocument {
  return messages.length ? { ...flow, customerMessages: [...messages] } : flow;
}

/** The same flow, run with exactly `messages` (or none): both sides of a Confirm must meet the same customers. */
function withExactlyMessages(flow: FlowDocument, messages: readonly CustomerMessage[] | undefined): FlowDocument {
  const { customerMessages: _old, ...rest } = flow;
  return messages && messages.length ? { ...rest, customerMessages: [...messages] } : rest;
}

const emptyMessages = (): CustomerMessagesState => ({ status: 'idle', messages: [], fileName: null, flowIntents: null });

function toneFor(code: string): NoticeTone {
  if (code === 'FS204') return 'info';
  if (code === 'FS201' || code === 'FS206' || code === 'FS205') return 'error';
  return 'warning';
}

function stripCode(message: string): string {
  return message.replace(/^FS\d{3}:\s*/, '');
}

/**
 * Creates the store of one Stress-test panel: a zustand vanilla store, one per panel instance (never a
 * module singleton, so two panels never share state). The client and history repository are injected;
 * the flow is read through `getFlow` only when a run starts.
 *
 * @example
 * const store = createPanelStore({ client, history, flowId: 'support', getFlow: () => flowDoc });
 * const disconnect = store.getState().connect();
 * await store.getState().run();
 * store.getState().batch; // the runs just made, saved in the history
 */
export function createPanelStore(deps: PanelStoreDeps): PanelStoreApi {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const newId =
    deps.newId ??
    (() => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${now().toString(36)}-${random().toString(36).slice(2, 10)}`));
  const schedule = deps.schedule ?? defaultScheduler;

  let controller: AbortController | null = null;
  let confirmController: AbortController | null = null;
  let confirmToken = 0;
  let messagesToken = 0;
  let messagesLoad: Promise<void> | null = null;
  // Bumped to drop results of a run or history load that was superseded (disconnect, flow switch).
  let runToken = 0;
  let historyToken = 0;
  let noticeSeq = 0;
  const comparing = new Set<string>();
  const loading = new Map<string, Promise<void>>();

  return createStore<PanelStore>()((set, get) => {
    const addNotice = (code: string, message: string, tone: NoticeTone = toneFor(code), actions: HistoryNoticeAction[] = []) => {
      if (get().notices.some((n) => n.code === code && n.message === message)) return;
      set((s) => ({ notices: [...s.notices, { id: `notice-${++noticeSeq}`, code, message, tone, actions }] }));
    };
    const noticeFromError = (e: unknown, fallbackCode: string, lead: string) => {
      const info = toErrorInfo(e, fallbackCode);
      addNotice(info.code, `${lead} ${stripCode(info.message)}`);
    };

    /** A run shown by the panel: from the current batch, else from the history list. */
    const findRun = (runId: string): PanelRun | RunListItem | undefined =>
      get().runs[runId] ?? get().history.find((h) => h.id === runId);

    const transcriptsOf = async (run: RunRecord): Promise<ConversationResult[]> =>
      get().transcripts[run.id] ?? deps.history.getTranscripts(run.id);

    const ensureHistoryComparisons = async () => {
      for (const item of get().history.slice(0, COMPARED_HISTORY_ROWS)) {
        await get().ensureComparison(item.id);
      }
    };

    const acceptBatch = async (flow: FlowDocument, result: BatchResult, n: number, seed: number) => {
      const withData = result.results.filter((r) => r.conversations.length > 0);
      if (withData.length === 0) {
        // Cancelled before any conversation finished: nothing to show or save; keep the last results in view.
        set({ status: result.status === 'cancelled' ? 'cancelled' : 'done' });
        return;
      }
      const batchId = newId();
      const runs: PanelRun[] = withData.map((r) => ({
        id: newId(),
        batchId,
        flowId: flow.id,
        flowName: flow.name,
        flowHash: result.flowHash,
        flowSnapshot: flow,
        persona: r.persona,
        n,
        seed,
        engineVersion: r.summary.engineVersion,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        status: result.status,
        summary: r.summary,
        hasTranscripts: true,
        versionLabel: null,
        saved: false,
      }));
      const conversations = new Map(withData.map((r, i) => [runs[i]!.id, r.conversations]));
      const finished = withData.reduce((sum, r) => sum + r.conversations.length, 0);
      set((s) => ({
        status: result.status === 'cancelled' ? 'cancelled' : 'done',
        progress: { done: finished, total: s.progress.total },
        batch: {
          batchId,
          status: result.status,
          flowHash: result.flowHash,
          startedAt: result.startedAt,
          finishedAt: result.finishedAt,
          runIds: runs.map((r) => r.id),
          finished,
          requested: s.progress.total,
        },
        runs: Object.fromEntries(runs.map((r) => [r.id, r])),
        // Only the new batch's transcripts stay cached: older ones reload lazily from the history.
        transcripts: Object.fromEntries(conversations),
        transcriptStatus: Object.fromEntries(runs.map((r) => [r.id, 'ready' as const])),
        selectedRunId: runs[0]?.id ?? null,
        selectedConversation: null,
        nodeFilter: null,
        outcomeFilter: 'all',
      }));

      // Saved one persona at a time; each record is written whole or not at all by the repository.
      const failed: PersonaId[] = [];
      let failure: FlowstressErrorInfo | null = null;
      for (const run of runs) {
        const { versionLabel: _v, saved: _s, ...record } = run;
        try {
          await deps.history.saveRun(record satisfies RunRecord, conversations.get(run.id) ?? []);
          set((s) => ({ runs: { ...s.runs, [run.id]: { ...s.runs[run.id]!, saved: true } } }));
        } catch (e) {
          failed.push(run.persona);
          failure = toErrorInfo(e, 'FS206');
        }
      }
      if (failure) {
        const who = failed.map((p) => PERSONA_LABELS[p]).join(', ');
        addNotice(
          failure.code,
          `Not saved to the history (${who}): ${stripCode(failure.message)} The results stay visible here until the panel closes.`,
        );
      }

      await get().refreshHistory();
      const history = get().history;
      set((s) => {
        const next = { ...s.runs };
        for (const id of Object.keys(next)) {
          const run = next[id]!;
          const label = history.find((h) => h.id === id)?.versionLabel ?? history.find((h) => h.flowHash === run.flowHash)?.versionLabel ?? null;
          next[id] = { ...run, versionLabel: label };
        }
        return { runs: next };
      });
      await Promise.all(runs.map((r) => get().ensureComparison(r.id)));
    };

    type Draft = { ok: true; flow: FlowDocument; findings: Finding[] } | { ok: false; findings: Finding[]; error: FlowstressErrorInfo };

    /** Reads the host's graph (once: never on render or on every drag), adds the imported messages, validates. */
    const readDraft = (): Draft => {
      let source: FlowSource;
      try {
        source = deps.getFlow();
      } catch (e) {
        return { ok: false, findings: [], error: toErrorInfo(e, 'FS101') };
      }
      const converted = normalizeSource(source);
      const flow = converted.flow ? withCustomerMessages(converted.flow, get().customerMessages.messages) : null;
      if (flow) set((s) => ({ nodeLabels: nodeLabelsOf(flow), customerMessages: { ...s.customerMessages, flowIntents: intentsOf(flow) } }));
      let findings = converted.findings;
      if (flow) {
        try {
          findings = mergeFindings(findings, validateFlow(flow, { runPatterns: false })); // patterns run in workers only
        } catch (e) {
          return { ok: false, findings, error: toErrorInfo(e, 'FS101') };
        }
      } else {
        findings = mergeFindings(findings, []);
      }
      if (!flow || hasErrors(findings)) {
        const errors = findings.filter((f) => f.severity === 'error').length;
        const detail = errors === 1 ? 'the flow has 1 error' : `the flow has ${errors} errors`;
        return { ok: false, findings, error: { code: 'FS104', message: formatMessage('FS104', detail) } };
      }
      return { ok: true, flow, findings };
    };

    /** Loads the current flow's customer messages from the history; a run waits for it. */
    const loadCustomerMessages = (): Promise<void> => {
      const token = ++messagesToken;
      const flowId = get().flowId;
      set((s) => ({ customerMessages: { ...emptyMessages(), flowIntents: s.customerMessages.flowIntents, status: 'loading' } }));
      const p = deps.history
        .getCustomerMessages(flowId)
        .then((messages) => {
          if (token !== messagesToken) return;
          set((s) => ({ customerMessages: { ...s.customerMessages, status: 'ready', messages } }));
        })
        .catch((e: unknown) => {
          if (token !== messagesToken) return;
          set((s) => ({ customerMessages: { ...s.customerMessages, status: 'error' } }));
          noticeFromError(e, 'FS209', 'Could not load the imported customer messages (runs use the built-in wording):');
        })
        .finally(() => {
          if (messagesLoad === p) messagesLoad = null;
        });
      messagesLoad = p;
      return p;
    };

    const patchConfirmation = (token: number, patch: Partial<Confirmation>) => {
      if (token !== confirmToken) return;
      set((s) => (s.confirmation ? { confirmation: { ...s.confirmation, ...patch } } : {}));
    };

    const initialSeed = defaultSeedFor(deps.flowId);

    return {
      flowId: deps.flowId,
      flowName: deps.flowName ?? deps.flowId,
      persona: 'impatient',
      n: 25,
      seed: initialSeed,
      seedIsDefault: true,
      status: 'idle',
      progress: { done: 0, total: 0 },
      findings: [],
      nodeLabels: {},
      batch: null,
      runs: {},
      selectedRunId: null,
      selectedConversation: null,
      nodeFilter: null,
      outcomeFilter: 'all',
      history: [],
      historyStatus: 'idle',
      historyPersona: 'all',
      storageMode: null,
      transcripts: {},
      transcriptStatus: {},
      comparisons: {},
      notices: [],
      error: null,
      customerMessages: emptyMessages(),
      confirmation: null,

      setPersona: (persona) => set({ persona }),
      setN: (n) => set({ n }),
      setSeed(seed) {
        if (!Number.isInteger(seed) || seed < 0) return;
        set({ seed, seedIsDefault: seed === defaultSeedFor(get().flowId) });
      },
      resetSeed: () => set({ seed: defaultSeedFor(get().flowId), seedIsDefault: true }),
      newSeed() {
        const seed = Math.floor(random() * 1_000_000);
        set({ seed, seedIsDefault: seed === defaultSeedFor(get().flowId) });
      },
      setFlowMeta({ id, name }) {
        if (id === get().flowId) {
          if (name !== get().flowName) set({ flowName: name });
          return;
        }
        controller?.abort();
        controller = null;
        runToken++;
        confirmController?.abort();
        confirmController = null;
        confirmToken++;
        set({
          confirmation: null,
          customerMessages: emptyMessages(),
          flowId: id,
          flowName: name,
          seed: defaultSeedFor(id),
          seedIsDefault: true,
          status: 'idle',
          progress: { done: 0, total: 0 },
          findings: [],
          batch: null,
          runs: {},
          selectedRunId: null,
          selectedConversation: null,
          nodeFilter: null,
          history: [],
          historyStatus: 'idle',
          transcripts: {},
          transcriptStatus: {},
          comparisons: {},
          error: null,
        });
        void get().refreshHistory();
        void loadCustomerMessages();
      },

      async run() {
        const start = get();
        if (start.status === 'running' || start.status === 'validating' || start.confirmation?.status === 'running') return;
        const token = ++runToken;
        set({ status: 'validating', error: null, findings: [] });

        // Imported customer messages are part of what is run: wait for them when they are still loading.
        if (messagesLoad) await messagesLoad;
        if (token !== runToken) return;
        const draft = readDraft();
        if (!draft.ok) {
          set({ status: 'error', findings: draft.findings, error: draft.error });
          return;
        }
        const { flow, findings } = draft;

        const { persona, n, seed } = get();
        const personas: PersonaId[] = persona === 'all' ? [...PERSONA_IDS] : [persona];
        const total = n * personas.length;
        const ctrl = new AbortController();
        controller = ctrl;
        set({ findings, status: 'running', progress: { done: 0, total } });
        const progress = createFrameThrottle<{ done: number; total: number }>((p) => {
          if (token === runToken && get().status === 'running') set({ progress: p });
        }, schedule);

        let response: Awaited<ReturnType<typeof deps.client.runBatch>>;
        try {
          response = await deps.client.runBatch(
            { flow, personas, n, seed },
            { signal: ctrl.signal, onProgress: (p) => progress.push({ done: p.done, total: p.total }) },
          );
        } catch (e) {
          // The contract says runBatch settles with data; a throw is still handled, never left spinning.
          response = { ok: false, error: toErrorInfo(e, 'FS250') };
        }
        progress.cancel();
        if (token !== runToken) return;
        if (controller === ctrl) controller = null;
        if (!response.ok) {
          if (ctrl.signal.aborted || response.error.code === 'FS253') set({ status: 'cancelled', error: null });
          else set({ status: 'error', error: response.error });
          return;
        }
        await acceptBatch(flow, response.result, n, seed);
      },

      cancel() {
        const { status } = get();
        if (status !== 'running' && status !== 'validating') return;
        controller?.abort();
        // Answer at once; the client settles with the conversations finished so far.
        set({ status: 'cancelled' });
      },

      selectRun(runId) {
        set((s) => {
          // Keep cached transcripts of the current batch and the newly selected run only.
          const keep = new Set([...(s.batch?.runIds ?? []), ...(runId ? [runId] : [])]);
          const transcripts = Object.fromEntries(Object.entries(s.transcripts).filter(([id]) => keep.has(id)));
          const transcriptStatus = Object.fromEntries(Object.entries(s.transcriptStatus).filter(([id]) => keep.has(id)));
          return { selectedRunId: runId, selectedConversation: null, nodeFilter: null, outcomeFilter: 'all', transcripts, transcriptStatus };
        });
        if (runId) void get().ensureComparison(runId);
      },
      selectConversation: (index) => set({ selectedConversation: index }),
      setNodeFilter: (nodeId) => set({ nodeFilter: nodeId, selectedConversation: null }),
      setOutcomeFilter: (outcomeFilter) => set({ outcomeFilter, selectedConversation: null }),
      setHistoryPersona: (historyPersona) => set({ historyPersona }),

      loadTranscripts(runId) {
        const status = get().transcriptStatus[runId];
        if (status === 'ready' || status === 'missing') return Promise.resolve();
        const inFlight = loading.get(runId);
        if (inFlight) return inFlight;
        set((s) => ({ transcriptStatus: { ...s.transcriptStatus, [runId]: 'loading' } }));
        const p = deps.history
          .getTranscripts(runId)
          .then((list) => {
            set((s) => ({
              transcripts: list.length > 0 ? { ...s.transcripts, [runId]: list } : s.transcripts,
              transcriptStatus: { ...s.transcriptStatus, [runId]: list.length > 0 ? 'ready' : 'missing' },
            }));
          })
          .catch((e: unknown) => {
            set((s) => ({ transcriptStatus: { ...s.transcriptStatus, [runId]: 'error' } }));
            noticeFromError(e, 'FS204', 'Could not load the transcripts:');
          })
          .finally(() => loading.delete(runId));
        loading.set(runId, p);
        return p;
      },

      async ensureComparison(runId) {
        if (comparing.has(runId) || get().comparisons[runId]) return;
        const run = findRun(runId);
        if (!run) return;
        const previous = findPrevious(run, get().history);
        if (!previous) return;
        let comparison = compareSummaries(run, previous);
        set((s) => ({ comparisons: { ...s.comparisons, [runId]: comparison } }));
        if (comparison.status !== 'pending') return;
        comparing.add(runId);
        try {
          const [before, after] = await Promise.all([deps.history.getTranscripts(previous.id), transcriptsOf(run)]);
          comparison = withVerdicts(comparison, before, after, comparePaired);
        } catch {
          comparison = { ...comparison, status: 'ready', note: 'The transcripts for the paired test could not be loaded: only the difference is shown.' };
        } finally {
          comparing.delete(runId);
        }
        // Dropped while loading (deleted run, flow switch): do not resurrect it.
        if (get().comparisons[runId]?.previousRunId === previous.id) {
          set((s) => ({ comparisons: { ...s.comparisons, [runId]: comparison } }));
        }
      },

      async refreshHistory() {
        const token = ++historyToken;
        const flowId = get().flowId;
        if (get().historyStatus === 'idle') set({ historyStatus: 'loading' });
        try {
          const list = await deps.history.listRuns(flowId, { limit: HISTORY_LIMIT });
          if (token !== historyToken || flowId !== get().flowId) return;
          set({ history: list, historyStatus: 'ready', storageMode: deps.history.mode });
          // Opening the panel on a flow with history shows its latest run, so the last score is in view.
          if (!get().selectedRunId && !get().batch && list[0]) get().selectRun(list[0].id);
        } catch (e) {
          if (token !== historyToken) return;
          set({ historyStatus: 'error', storageMode: deps.history.mode });
          noticeFromError(e, 'FS204', 'Could not load the history:');
          return;
        }
        void ensureHistoryComparisons();
      },

      async deleteRun(runId) {
        try {
          await deps.history.deleteRun(runId);
        } catch (e) {
          noticeFromError(e, 'FS206', 'Could not delete the run:');
          return;
        }
        set((s) => {
          const comparisons = Object.fromEntries(
            Object.entries(s.comparisons).filter(([id, c]) => id !== runId && c.previousRunId !== runId),
          );
          const runs = s.runs[runId] ? { ...s.runs, [runId]: { ...s.runs[runId]!, saved: false } } : s.runs;
          const stillShown = s.selectedRunId === runId && !s.runs[runId] ? null : s.selectedRunId;
          return { history: s.history.filter((h) => h.id !== runId), comparisons, runs, selectedRunId: stillShown };
        });
        await get().refreshHistory();
      },

      async exportHistory() {
        try {
          return JSON.stringify(await deps.history.exportAll(), null, 2);
        } catch (e) {
          noticeFromError(e, 'FS204', 'Could not export the history:');
          return null;
        }
      },

      async importHistory(text) {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          addNotice('FS205', `${stripCode(describeCode('FS205'))} (The file is not valid JSON.)`, 'error');
          return 0;
        }
        try {
          const count = await deps.history.importAll(data);
          addNotice('import', count === 1 ? 'Imported 1 run.' : `Imported ${count} runs.`, 'info');
          set({ comparisons: {} });
          // The file may carry customer messages for this flow.
          void loadCustomerMessages();
          await get().refreshHistory();
          return count;
        } catch (e) {
          const info = toErrorInfo(e, 'FS205');
          addNotice(info.code, stripCode(isFlowstressError(e) ? info.message : describeCode('FS205')), 'error');
          return 0;
        }
      },

      async pruneTranscripts(keep = 20) {
        try {
          const pruned = await deps.history.pruneTranscripts(keep);
          addNotice('prune', pruned === 1 ? 'Removed the stored transcripts of 1 older run.' : `Removed the stored transcripts of ${pruned} older runs.`, 'info');
          await get().refreshHistory();
          return pruned;
        } catch (e) {
          noticeFromError(e, 'FS206', 'Could not free storage:');
          return 0;
        }
      },

      async deleteDamagedRuns() {
        try {
          const deleted = await deps.history.deleteDamaged();
          set((s) => ({ notices: s.notices.filter((n) => n.code !== 'FS211') }));
          addNotice('damaged', deleted === 1 ? 'Deleted 1 damaged run.' : `Deleted ${deleted} damaged runs.`, 'info');
          await get().refreshHistory();
          return deleted;
        } catch (e) {
          noticeFromError(e, 'FS209', 'Could not delete the damaged runs:');
          return 0;
        }
      },

      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),

      async importCustomerMessages(text, fileName) {
        const where = fileName ? `${fileName}: ` : '';
        const parsed = parseCustomerMessages(text);
        if (!parsed.ok) {
          addNotice(parsed.error.code, `${where}${stripCode(parsed.error.message)} Nothing was imported.`, 'error');
          return 0;
        }
        const { messages } = parsed;
        const flowId = get().flowId;
        // The host's graph is read once here (as at a run) to tell which intents the messages name are unknown.
        let flowIntents = get().customerMessages.flowIntents;
        try {
          const converted = normalizeSource(deps.getFlow());
          if (converted.flow) flowIntents = intentsOf(converted.flow);
        } catch {
          // The run will report a flow it cannot read; the import does not depend on it.
        }
        messagesToken++; // a load still in flight must not overwrite the import
        try {
          await deps.history.saveCustomerMessages(flowId, messages);
        } catch (e) {
          noticeFromError(e, 'FS209', 'The customer messages were not saved to the history; they are used until the panel closes:');
        }
        if (flowId !== get().flowId) return 0;
        set({ customerMessages: { status: 'ready', messages, fileName: fileName ?? null, flowIntents } });
        if (flowIntents) {
          const known = new Set(flowIntents.map((i) => i.id));
          const unknown = [...new Set(messages.filter((m) => !known.has(m.intent)).map((m) => m.intent))];
          if (unknown.length) {
            const count = messages.filter((m) => !known.has(m.intent)).length;
            const names = unknown.slice(0, 3).map((i) => `"${i}"`).join(', ') + (unknown.length > 3 ? ` and ${unknown.length - 3} more` : '');
            addNotice(
              'FS058',
              `${where}${count === 1 ? '1 message names' : `${count} messages name`} an intent this flow does not define (${names}): ${count === 1 ? 'it is' : 'they are'} not used. Fix the intent ids in the file.`,
              'warning',
            );
          }
        }
        return messages.length;
      },

      async clearCustomerMessages() {
        const flowId = get().flowId;
        try {
          await deps.history.clearCustomerMessages(flowId);
        } catch (e) {
          noticeFromError(e, 'FS209', 'Could not remove the customer messages:');
          return;
        }
        messagesToken++;
        if (flowId === get().flowId) set((s) => ({ customerMessages: { ...emptyMessages(), status: 'ready', flowIntents: s.customerMessages.flowIntents } }));
      },

      async confirm(runId) {
        const state = get();
        if (state.status === 'running' || state.status === 'validating' || state.confirmation?.status === 'running') return;
        const id = runId ?? state.selectedRunId;
        const run = id ? findRun(id) : undefined;
        if (!run) return;
        const baseline = findConfirmBaseline(run, state.history);
        if (!baseline) return;
        const token = ++confirmToken;
        const ctrl = new AbortController();
        confirmController = ctrl;
        const pilot = Math.min(CONFIRM_PILOT, MAX_CONFIRM_CUSTOMERS);
        set({
          confirmation: {
            runId: run.id,
            persona: run.persona,
            seed: run.seed,
            baselineRunId: baseline.id,
            baselineLabel: baseline.versionLabel,
            status: 'running',
            progress: { done: 0, total: 2 * pilot },
            planned: pilot,
            customers: 0,
            capped: false,
            metrics: null,
            error: null,
            startedAt: now(),
            finishedAt: null,
          },
        });
        const fail = (error: FlowstressErrorInfo, findings?: Finding[]) => {
          if (findings) set({ findings });
          patchConfirmation(token, { status: ctrl.signal.aborted ? 'cancelled' : 'error', error: ctrl.signal.aborted ? null : error, finishedAt: now() });
          if (confirmController === ctrl) confirmController = null;
        };

        if (messagesLoad) await messagesLoad;
        if (token !== confirmToken) return;
        const draft = readDraft();
        if (!draft.ok) return fail(draft.error, draft.findings);
        const after = draft.flow;
        // The earlier version meets the same customers: the draft's customer messages, on both sides.
        const before = withExactlyMessages(baseline.flowSnapshot, after.customerMessages);

        let total = 2 * pilot;
        // A few updates a second are plenty for a Confirm (a second or so): each one re-renders part of the
        // panel in what is often a busy builder page.
        const progress = createFrameThrottle<{ done: number; total: number }>((p) => patchConfirmation(token, { progress: p }), deps.schedule ?? confirmScheduler);
        const result = await runConfirm({
          client: deps.client,
          before,
          after,
          persona: run.persona,
          seed: run.seed,
          comparePaired,
          signal: ctrl.signal,
          onProgress: (done, all) => progress.push({ done, total: all }),
          onPlanned: (plan) => {
            total = 2 * plan.customers;
            patchConfirmation(token, { planned: plan.customers, capped: plan.capped });
          },
        });
        progress.cancel();
        if (!result.ok) return fail(result.error);
        if (token !== confirmToken) return;
        if (confirmController === ctrl) confirmController = null;
        patchConfirmation(token, {
          status: 'done',
          progress: { done: total, total },
          customers: result.customers,
          capped: result.capped,
          metrics: result.metrics,
          finishedAt: now(),
        });
      },

      cancelConfirm() {
        if (get().confirmation?.status !== 'running') return;
        confirmController?.abort();
        confirmController = null;
        // Answer at once, as Cancel does for a run; the client settles with what finished.
        confirmToken++;
        set((s) => (s.confirmation ? { confirmation: { ...s.confirmation, status: 'cancelled', finishedAt: now() } } : {}));
      },

      connect() {
        // Memory fallback (FS200), quota, blocked upgrades: the repository says so; the store only relays.
        const unsubscribe = deps.history.onNotice((n) => addNotice(n.code, stripCode(n.message), toneFor(n.code), n.actions ?? []));
        void get().refreshHistory();
        void loadCustomerMessages();
        return () => {
          unsubscribe();
          if (confirmController) {
            confirmController.abort();
            confirmController = null;
            confirmToken++;
          }
          if (controller) {
            controller.abort();
            controller = null;
            runToken++;
          }
        };
      },
    };
  });
}

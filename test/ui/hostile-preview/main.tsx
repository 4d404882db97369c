// Issue 11 states of the panel, for screenshots: ?case=damaged | crash | failed. node test/ui/hostile-preview/shoot.mjs
import { createRoot } from 'react-dom/client';
import { summarizeRun } from '../../../src/core/score/summarize.ts';
import { createMemoryHistory } from '../../../src/history/create-memory-history.ts';
import type { HistoryRepository } from '../../../src/history/types.ts';
import { PanelErrorBoundary } from '../../../src/ui/PanelErrorBoundary.tsx';
import { StressTestPanel } from '../../../src/ui/StressTestPanel.tsx';
import type { StressClient } from '../../../src/worker/types.ts';
import { createFakeClient, hostGraph } from '../fakes.ts';

const which = new URLSearchParams(location.search).get('case') ?? 'damaged';
const graph = hostGraph();
const memory = createMemoryHistory();

/** A history that reports two damaged stored runs, as the IndexedDB history does on read. */
const damaged: HistoryRepository = {
  ...memory,
  deleteDamaged: async () => 2,
  onNotice(listener) {
    queueMicrotask(() =>
      listener({
        code: 'FS211',
        message: 'FS211: 2 damaged runs left out of the table (the first, run "imp-1": summary.scores.completion.value: expected a number <= 1, got 5)',
        actions: ['delete-damaged', 'export'],
      }),
    );
    return memory.onNotice(listener);
  },
};

/** A client whose every conversation is a harness error (FS153), as a flow with no reachable end gives. */
const fake = createFakeClient();
const failing: StressClient = {
  ...fake,
  async runBatch(request, opts) {
    const reply = await fake.runBatch(request, opts);
    if (!reply.ok) return reply;
    for (const r of reply.result.results) {
      r.conversations = r.conversations.map((c) => ({ ...c, outcome: 'error' as const, error: { code: 'FS153', message: 'FS153: the flow has no path from the start node to an end node' } }));
      r.summary = summarizeRun(r.persona, request.n, request.seed, r.conversations, { flow: request.flow });
    }
    reply.result.status = 'completed_with_errors';
    return reply;
  },
};

function Boom(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'completion')");
}

function App() {
  const panel =
    which === 'crash' ? (
      <PanelErrorBoundary open onClose={() => {}}>
        <Boom />
      </PanelErrorBoundary>
    ) : (
      <StressTestPanel open onClose={() => {}} client={which === 'failed' ? failing : fake} history={which === 'damaged' ? damaged : memory} getNodes={() => graph.nodes} getEdges={() => graph.edges} flow={graph.meta} />
    );
  return (
    <div className="host">
      <div className="topbar">
        <strong>Support bot builder</strong>
      </div>
      <div className="main">
        <div className="canvas">the host's canvas keeps working</div>
        {panel}
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

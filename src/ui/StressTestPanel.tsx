import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { PERSONA_LABELS } from '../core/personas/types.ts';
import { PanelStoreProvider, useMaybePanelStoreApi, usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import { selectSelectedRun } from '../store/selectors.ts';
import { downloadHistory } from './download-history.ts';
import { CustomerMessages } from './CustomerMessages.tsx';
import { FindingsList } from './FindingsList.tsx';
import { BAND_WORDS, formatPercent } from './format.ts';
import { HistoryTable } from './HistoryTable.tsx';
import { Notices } from './Notices.tsx';
import { PanelErrorBoundary } from './PanelErrorBoundary.tsx';
import { RunControls } from './RunControls.tsx';
import { RunDetails } from './RunDetails.tsx';
import { useStressTestStore, type StressTestSetupProps } from './StressTestProvider.tsx';
import { verdictOf } from './verdict.ts';
import './flowstress.css';

export interface StressTestPanelProps extends Partial<StressTestSetupProps> {
  /** Shown or hidden; the panel keeps its state while hidden. */
  open: boolean;
  onClose(): void;
  /** Called when the designer asks to see a node (a finding, a path step): select and reveal it on the canvas. */
  onSelectNode?(nodeId: string): void;
  /** Element id, for the button's aria-controls. */
  id?: string;
  className?: string;
}

/**
 * The Stress-test panel: pick a difficult-customer persona and a batch size, run simulated conversations
 * against the unsaved draft, read the scores, compare with earlier runs and open failing transcripts.
 * Place it as a right-hand drawer beside the canvas (about 420px wide).
 *
 * Inside a `<StressTestProvider>` it uses that provider's store; otherwise pass the setup props
 * (`getNodes`, `getEdges`, `flow`, and `client`/`createClient`, `history`/`createHistory`) and it
 * creates its own. Either way each panel has its own store and never writes into the host's.
 *
 * @example
 * const rf = useReactFlow();
 * <StressTestButton open={open} onOpenChange={setOpen} panelId="stress" />
 * <StressTestPanel id="stress" open={open} onClose={() => setOpen(false)}
 *   createClient={() => createStressClient()} createHistory={() => createHistory()}
 *   getNodes={rf.getNodes} getEdges={rf.getEdges}
 *   flow={{ id: 'support', name: 'Support bot', intents, settings }}
 *   onSelectNode={(id) => rf.fitView({ nodes: [{ id }], duration: 300 })} />
 */
export function StressTestPanel(props: StressTestPanelProps) {
  // A failure inside the panel never blanks the host (issue 11): the boundary replaces the panel only.
  return (
    <PanelErrorBoundary open={props.open} onClose={props.onClose} id={props.id} className={props.className}>
      <GuardedPanel {...props} />
    </PanelErrorBoundary>
  );
}

function GuardedPanel(props: StressTestPanelProps) {
  const outer = useMaybePanelStoreApi();
  if (outer) return <PanelBody {...props} />;
  if (!props.getNodes || !props.getEdges || !props.flow) {
    return (
      <aside className={`fs-root fs-panel${props.className ? ` ${props.className}` : ''}`} id={props.id} hidden={!props.open} aria-label="Stress-test">
        <p className="fs-notice fs-notice--error" role="alert">
          flowstress: StressTestPanel needs getNodes, getEdges and flow (or a surrounding StressTestProvider).
        </p>
      </aside>
    );
  }
  return <OwnStorePanel {...(props as StressTestPanelProps & StressTestSetupProps)} />;
}

function OwnStorePanel(props: StressTestPanelProps & StressTestSetupProps) {
  const store = useStressTestStore(props);
  return (
    <PanelStoreProvider store={store}>
      <PanelBody {...props} />
    </PanelStoreProvider>
  );
}

function PanelBody({ open, onClose, onSelectNode, id, className }: StressTestPanelProps) {
  const api = usePanelStoreApi();
  const flowName = usePanelStore((s) => s.flowName);
  const titleId = useId();
  const rootRef = useRef<HTMLElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  // Opening moves focus into the panel; closing gives it back to where it came from (the top-bar button).
  useLayoutEffect(() => {
    if (open) {
      const active = document.activeElement;
      returnFocus.current = active instanceof HTMLElement && !rootRef.current?.contains(active) ? active : null;
      titleRef.current?.focus();
    } else if (rootRef.current?.contains(document.activeElement) || document.activeElement === document.body) {
      returnFocus.current?.focus();
      returnFocus.current = null;
    }
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !(e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <aside
      ref={rootRef}
      id={id}
      className={`fs-root fs-panel${className ? ` ${className}` : ''}`}
      hidden={!open}
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
    >
      <header className="fs-panel__header">
        <div className="fs-panel__heading">
          <h2 className="fs-panel__title" id={titleId} ref={titleRef} tabIndex={-1}>
            Stress-test
          </h2>
          <p className="fs-panel__flow" title={flowName}>
            {flowName}
          </p>
        </div>
        <button type="button" className="fs-icon-button" aria-label="Close stress-test panel" onClick={onClose}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      <div className="fs-panel__body">
        <RunControls />
        <CustomerMessages />
        <StatusAnnouncer />
        <Notices onExport={() => void downloadHistory(api)} />
        <FindingsList onSelectNode={onSelectNode} />
        <RunDetails onSelectNode={onSelectNode} />
        <HistoryTable />
      </div>
    </aside>
  );
}

/** Tells screen-reader users when a run starts and ends (not every progress tick). */
function StatusAnnouncer() {
  const status = usePanelStore((s) => s.status);
  const run = usePanelStore(selectSelectedRun);
  const batch = usePanelStore((s) => s.batch);
  const runs = usePanelStore((s) => s.runs);
  const total = usePanelStore((s) => s.progress.total);
  const done = usePanelStore((s) => s.progress.done);
  let message = '';
  if (status === 'running') message = `Running ${total} conversations.`;
  else if (status === 'cancelled') message = `Cancelled after ${done} of ${total} conversations.`;
  else if (status === 'done' && run) {
    const c = run.summary.scores.completion;
    // The verdict of the whole batch first: the one sentence that says whether the draft is ready.
    const batchRuns = batch?.runIds.map((id) => runs[id]).filter((r) => r !== undefined) ?? [];
    const verdict = verdictOf(batchRuns.map((r) => ({ persona: r.persona, scores: r.summary.scores })));
    const lead = verdict.level === 'no_data' ? '' : ` ${verdict.text}.`;
    message = `Done.${lead} ${PERSONA_LABELS[run.persona]}: completion ${formatPercent(c.value)}, ${BAND_WORDS[c.band].toLowerCase()}.`;
  } else if (status === 'error') message = 'The run did not start.';
  return (
    <p className="fs-visually-hidden" role="status" aria-live="polite">
      {message}
    </p>
  );
}

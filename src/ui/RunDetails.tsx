import { useEffect, useId, useMemo, useRef } from 'react';
import { PERSONA_LABELS } from '../core/personas/types.ts';
import { rankOffTopic } from '../core/score/blame.ts';
import { bandFor } from '../core/score/stats.ts';
import type { Regression } from '../core/score/types.ts';
import { OUTCOMES, type ConversationResult, type Outcome } from '../core/simulate/types.ts';
import { nodeLabelsOf, nodeTagsOf } from '../store/node-labels.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import { selectSelectedRun, type ShownRun } from '../store/selectors.ts';
import type { OutcomeFilter } from '../store/types.ts';
import { conversationNumber, filterConversations, previousRunOf, regressionOf } from './conversation-helpers.ts';
import { BAND_WORDS, formatPercent, formatTime, OUTCOME_LABELS, PERSONA_SHORT_LABELS, plural } from './format.ts';
import { ScoreCards } from './ScoreCards.tsx';
import { TranscriptViewer } from './TranscriptViewer.tsx';

/** The selected run: scores, outcomes, "why this score", its conversations and a transcript. */
export function RunDetails({ onSelectNode }: { onSelectNode?: (nodeId: string) => void }) {
  const run = usePanelStore(selectSelectedRun);
  const comparison = usePanelStore((s) => (s.selectedRunId ? s.comparisons[s.selectedRunId] : undefined));
  const batch = usePanelStore((s) => s.batch);
  const runs = usePanelStore((s) => s.runs);
  const api = usePanelStoreApi();
  const labels = useMemo(() => (run ? nodeLabelsOf(run.flowSnapshot) : {}), [run?.flowSnapshot]);
  const nodeLabel = (id: string) => labels[id] ?? id;
  const titleId = useId();

  if (!run) return null;
  const batchRuns = batch && batch.runIds.includes(run.id) ? batch.runIds.map((id) => runs[id]!).filter(Boolean) : [];
  const { versionLabel } = run;
  const saved = 'saved' in run ? run.saved : true;

  return (
    <section className="fs-section fs-results" aria-labelledby={titleId}>
      <div className="fs-section__head">
        <h3 className="fs-section__title" id={titleId}>
          Results
        </h3>
        <p className="fs-results__meta">
          {versionLabel && <span className="fs-version">{versionLabel}</span>}
          <span>{PERSONA_LABELS[run.persona]}</span>
          <span>{plural(run.n, 'conversation')}</span>
          <span>seed {run.seed}</span>
          <span>{formatTime(run.finishedAt)}</span>
          {run.status === 'cancelled' && <span className="fs-pill fs-pill--warn">Cancelled: {run.summary.scores.scored + run.summary.scores.errors} done</span>}
          {run.status === 'completed_with_errors' && <span className="fs-pill fs-pill--warn">{plural(run.summary.scores.errors, 'harness error')}</span>}
          {!saved && <span className="fs-pill fs-pill--warn">Not saved</span>}
        </p>
      </div>

      {batchRuns.length > 1 && (
        <div className="fs-persona-switch" role="group" aria-label="Persona results">
          {batchRuns.map((r) => {
            const c = r.summary.scores.completion;
            return (
              <button
                key={r.id}
                type="button"
                className="fs-persona-switch__item"
                aria-pressed={r.id === run.id}
                aria-label={`${PERSONA_LABELS[r.persona]}: completion ${formatPercent(c.value)}, ${BAND_WORDS[c.band].toLowerCase()}`}
                onClick={() => api.getState().selectRun(r.id)}
              >
                <span className="fs-persona-switch__name">{PERSONA_SHORT_LABELS[r.persona]}</span>
                <span className={`fs-persona-switch__score fs-band-dot fs-band-dot--${c.band}`}>{formatPercent(c.value)}</span>
              </button>
            );
          })}
        </div>
      )}

      <ScoreCards run={run} comparison={comparison} />
      {comparison?.note && <p className="fs-hint fs-results__note">{comparison.note}</p>}
      <WhatGotWorse run={run} nodeLabel={nodeLabel} />
      <OutcomeBreakdown run={run} />
      <WhyThisScore run={run} nodeLabel={nodeLabel} />
      <OffTopicByNode run={run} nodeLabel={nodeLabel} />
      <Conversations run={run} nodeLabel={nodeLabel} onSelectNode={onSelectNode} />
    </section>
  );
}

function OutcomeBreakdown({ run }: { run: ShownRun }) {
  const api = usePanelStoreApi();
  const filter = usePanelStore((s) => s.outcomeFilter);
  const total = OUTCOMES.reduce((sum, o) => sum + (run.summary.outcomes[o] ?? 0), 0);
  const present = OUTCOMES.filter((o) => (run.summary.outcomes[o] ?? 0) > 0);
  if (total === 0) return null;
  return (
    <div className="fs-outcomes">
      <h4 className="fs-subtitle">Outcomes</h4>
      <div className="fs-outcomes__bar" aria-hidden="true">
        {present.map((o) => (
          <span key={o} className={`fs-outcomes__seg fs-outcome-bg--${o}`} style={{ flexGrow: run.summary.outcomes[o] }} />
        ))}
      </div>
      <ul className="fs-outcomes__list">
        {present.map((o) => {
          const count = run.summary.outcomes[o];
          return (
            <li key={o}>
              <button
                type="button"
                className="fs-outcomes__item"
                aria-pressed={filter === o}
                onClick={() => api.getState().setOutcomeFilter(filter === o ? 'all' : o)}
                title="Show these conversations"
              >
                <span className={`fs-swatch fs-outcome-bg--${o}`} aria-hidden="true" />
                {OUTCOME_LABELS[o]} <strong>{count}</strong>
                <span className="fs-muted"> ({Math.round((count / total) * 100)}%)</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function WhyThisScore({ run, nodeLabel }: { run: ShownRun; nodeLabel: (id: string) => string }) {
  const api = usePanelStoreApi();
  const clusters = run.summary.clusters.slice(0, 5);
  const misroutes = run.summary.misroutes ?? [];
  const intentLabel = useMemo(() => {
    const m = new Map(run.flowSnapshot.intents.map((i) => [i.id, i.label ?? i.id]));
    return (id: string | null) => (id === null ? 'nothing it offers' : (m.get(id) ?? id));
  }, [run.flowSnapshot]);
  if (clusters.length === 0 && misroutes.length === 0) return null;
  return (
    <div className="fs-why">
      <h4 className="fs-subtitle">Why this score</h4>
      {clusters.length > 0 && (
        <p className="fs-hint fs-why__intro">Where failed conversations went wrong, most to blame first: the share is of the customers who reached the node.</p>
      )}
      <ol className="fs-why__list">
        {clusters.map((c, i) => (
          <li key={`${c.outcome}-${c.nodeId}-${i}`} className="fs-why__item">
            <span
              className={`fs-why__share fs-outcome-fg--${c.outcome}`}
              title={c.rate !== undefined ? `${c.count} of the ${c.reached} customers who reached it` : `${c.count} of all conversations`}
            >
              {Math.round((c.rate ?? c.share) * 100)}%
            </span>
            <span className="fs-why__body">
              <span className="fs-why__summary">{c.summary}</span>
              <span className="fs-why__links">
                <button
                  type="button"
                  className="fs-link"
                  onClick={() => {
                    api.getState().setOutcomeFilter('all');
                    api.getState().setNodeFilter(null);
                    api.getState().selectConversation(c.example);
                  }}
                >
                  Example: conversation #{c.example + 1}
                </button>
                {c.nodeId && (
                  <button type="button" className="fs-link" onClick={() => api.getState().setNodeFilter(c.nodeId)}>
                    All at “{nodeLabel(c.nodeId)}” ({c.count})
                  </button>
                )}
              </span>
            </span>
          </li>
        ))}
      </ol>
      {misroutes.length > 0 && (
        <div className="fs-misroutes">
          <h5 className="fs-minor-title">Misunderstood requests</h5>
          <ul className="fs-misroutes__list">
            {misroutes.map((m) => (
              <li key={m.nodeId} className="fs-misroutes__item">
                <button type="button" className="fs-link" onClick={() => api.getState().setNodeFilter(m.nodeId)}>
                  “{nodeLabel(m.nodeId)}”
                </button>{' '}
                routed {plural(m.count, 'request')} somewhere the customer did not ask to go:{' '}
                <span className="fs-misroutes__pairs">
                  {m.pairs.slice(0, 3).map((p, i) => (
                    <span key={i} className="fs-misroutes__pair">
                      {p.wanted === null ? 'asked for nothing it offers' : `wanted “${intentLabel(p.wanted)}”`} → “{intentLabel(p.got)}” ×{p.count}
                    </span>
                  ))}
                  {m.pairs.length > 3 && <span className="fs-muted">and {m.pairs.length - 3} more</span>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Off-topic recovery per listening node, most to blame first: where the flow loses customers who wander off. */
function OffTopicByNode({ run, nodeLabel }: { run: ShownRun; nodeLabel: (id: string) => string }) {
  const api = usePanelStoreApi();
  // Most to blame first (the blame ranking's weight on unrecovered digressions), then the fully recovered ones.
  const ranked = rankOffTopic(run.summary.nodes).map((r) => r.nodeId);
  const order = (id: string) => (ranked.includes(id) ? ranked.indexOf(id) : ranked.length);
  const rows = Object.entries(run.summary.nodes)
    .filter(([, s]) => (s.offTopic ?? 0) > 0)
    .map(([id, s]) => ({ id, total: s.offTopic!, recovered: s.offTopicRecovered ?? 0, hijacks: s.hijacks }))
    .sort((a, b) => order(a.id) - order(b.id) || b.total - a.total || (a.id < b.id ? -1 : 1));
  if (rows.length === 0) return null;
  return (
    <div className="fs-offtopic">
      <h4 className="fs-subtitle">Off-topic recovery by node</h4>
      <table className="fs-offtopic__table">
        <caption className="fs-visually-hidden">Off-topic recovery by node, worst first</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Recovered</th>
            <th scope="col">Taken as answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 8).map((r) => {
            const band = bandFor(r.recovered / r.total, 'higher');
            return (
              <tr key={r.id}>
                <th scope="row">
                  <button type="button" className="fs-link" onClick={() => api.getState().setNodeFilter(r.id)}>
                    {nodeLabel(r.id)}
                  </button>
                </th>
                <td>
                  <span className={`fs-band-dot fs-band-dot--${band}`}>
                    {formatPercent(r.recovered / r.total)} <span className="fs-muted">({r.recovered} of {r.total}, {BAND_WORDS[band].toLowerCase()})</span>
                  </span>
                </td>
                <td>{r.hijacks}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Against the previous run of the same customers: what got worse, and the node where it starts. */
function WhatGotWorse({ run, nodeLabel }: { run: ShownRun; nodeLabel: (id: string) => string }) {
  const api = usePanelStoreApi();
  const previous = usePanelStore((s) => previousRunOf(s, run.id));
  const label = usePanelStore((s) => s.comparisons[run.id]?.previousVersionLabel ?? null);
  const before = usePanelStore((s) => (previous ? s.transcripts[previous.id] : undefined));
  const beforeStatus = usePanelStore((s) => (previous ? s.transcriptStatus[previous.id] : undefined));
  const after = usePanelStore((s) => s.transcripts[run.id]);
  // The paired answer (verdicts, example conversations) needs the previous run's conversations too.
  useEffect(() => {
    if (previous && !before && beforeStatus === undefined) void api.getState().loadTranscripts(previous.id);
  }, [api, previous, before, beforeStatus]);
  const regression: Regression | null = useMemo(() => regressionOf(run, previous, before, after), [run, previous, before, after]);
  if (!regression) return null;
  const w = regression.worst;
  const since = label ? `Since ${label}` : 'Since the previous run';
  return (
    <div className={`fs-regression${w ? ' fs-regression--worse' : ''}`} role="note" aria-label="What got worse">
      <p className="fs-regression__text">
        <strong>{since}:</strong> {regression.summary}
      </p>
      {w && (
        <p className="fs-regression__links">
          <button type="button" className="fs-link" onClick={() => api.getState().setNodeFilter(w.nodeId)}>
            Show conversations at “{nodeLabel(w.nodeId)}”
          </button>
          {regression.examples[0] !== undefined && (
            <button
              type="button"
              className="fs-link"
              onClick={() => {
                api.getState().setOutcomeFilter('all');
                api.getState().setNodeFilter(null);
                api.getState().selectConversation(regression.examples[0]!);
              }}
            >
              Example: conversation #{regression.examples[0]! + 1}
            </button>
          )}
        </p>
      )}
    </div>
  );
}

const FILTERS: { value: OutcomeFilter; label: string }[] = [
  { value: 'all', label: 'All outcomes' },
  { value: 'failed', label: 'Not completed' },
  ...OUTCOMES.map((o) => ({ value: o as OutcomeFilter, label: OUTCOME_LABELS[o] })),
];

function Conversations({ run, nodeLabel, onSelectNode }: { run: ShownRun; nodeLabel: (id: string) => string; onSelectNode?: (id: string) => void }) {
  const api = usePanelStoreApi();
  const tags = useMemo(() => nodeTagsOf(run.flowSnapshot), [run.flowSnapshot]);
  const transcripts = usePanelStore((s) => s.transcripts[run.id]);
  const status = usePanelStore((s) => s.transcriptStatus[run.id]);
  const outcome = usePanelStore((s) => s.outcomeFilter);
  const nodeFilter = usePanelStore((s) => s.nodeFilter);
  const selected = usePanelStore((s) => s.selectedConversation);
  const listRef = useRef<HTMLUListElement>(null);
  const returnTo = useRef<number | null>(null);
  const id = useId();

  // Transcripts of older runs are loaded only when their details are shown.
  useEffect(() => {
    if (!transcripts) void api.getState().loadTranscripts(run.id);
  }, [api, run.id, transcripts]);

  // Back from a transcript: focus returns to the conversation that was open.
  useEffect(() => {
    if (selected === null && returnTo.current !== null) {
      listRef.current?.querySelector<HTMLButtonElement>(`[data-index="${returnTo.current}"]`)?.focus();
      returnTo.current = null;
    }
  }, [selected]);

  const visible = useMemo(() => filterConversations(transcripts ?? [], outcome, nodeFilter), [transcripts, outcome, nodeFilter]);
  const open = selected !== null ? transcripts?.find((c) => c.index === selected) : undefined;

  return (
    <div className="fs-conversations">
      <div className="fs-conversations__head">
        <h4 className="fs-subtitle" id={`${id}-t`}>
          Conversations
        </h4>
        {!open && transcripts && (
          <label className="fs-inline-field">
            <span className="fs-visually-hidden">Outcome</span>
            <select className="fs-select" value={outcome} onChange={(e) => api.getState().setOutcomeFilter(e.target.value as OutcomeFilter)} aria-label="Outcome">
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {nodeFilter && !open && (
        <p className="fs-filter-chip">
          Trouble at “{nodeLabel(nodeFilter)}”
          <button type="button" className="fs-icon-button fs-icon-button--small" aria-label="Clear node filter" onClick={() => api.getState().setNodeFilter(null)}>
            ×
          </button>
        </p>
      )}
      {open ? (
        <TranscriptViewer
          conversation={open}
          nodeLabel={nodeLabel}
          nodeTag={(nodeId) => tags[nodeId] ?? nodeId}
          onSelectNode={onSelectNode}
          onBack={() => {
            returnTo.current = open.index;
            api.getState().selectConversation(null);
          }}
        />
      ) : status === 'loading' || (!transcripts && status !== 'missing' && status !== 'error') ? (
        <p className="fs-hint">Loading conversations…</p>
      ) : status === 'missing' ? (
        <p className="fs-hint">The transcripts of this run are no longer stored (older runs keep their scores only).</p>
      ) : status === 'error' ? (
        <p className="fs-hint">The transcripts could not be loaded.</p>
      ) : visible.length === 0 ? (
        <p className="fs-hint">No conversation matches these filters.</p>
      ) : (
        <ul className="fs-conversation-list" ref={listRef} aria-labelledby={`${id}-t`}>
          {visible.map((c) => (
            <li key={c.index}>
              <button type="button" className="fs-conversation" data-index={c.index} onClick={() => api.getState().selectConversation(c.index)}>
                <span className="fs-conversation__num">#{conversationNumber(c)}</span>{' '}
                <span className={`fs-outcome fs-outcome--${c.outcome}`}>{OUTCOME_LABELS[c.outcome]}</span>{' '}
                <span className="fs-conversation__where">{describeWhere(c, nodeLabel)}</span>{' '}
                <span className="fs-conversation__stats">
                  {c.fallbacks > 0 && <span title="Fallbacks">{plural(c.fallbacks, 'fallback')}</span>}{' '}
                  {c.digressions.length > 0 && <span title="Off-topic turns">{c.digressions.length} off-topic</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function describeWhere(c: ConversationResult, nodeLabel: (id: string) => string): string {
  if (!c.lastNodeId) return '';
  const o: Outcome = c.outcome;
  return o === 'completed' ? `→ ${nodeLabel(c.lastNodeId)}` : `at ${nodeLabel(c.lastNodeId)}`;
}

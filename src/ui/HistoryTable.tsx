import { useId, useMemo, useRef, useState } from 'react';
import { PERSONA_IDS, PERSONA_LABELS, type PersonaId } from '../core/personas/types.ts';
import type { RunListItem } from '../history/types.ts';
import { rateOf } from '../store/compare-runs.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import type { MetricKey, RunComparison } from '../store/types.ts';
import { BAND_WORDS, formatDelta, formatPercent, formatTime, PERSONA_SHORT_LABELS, VERDICT_GLYPHS, VERDICT_WORDS } from './format.ts';
import { downloadHistory } from './download-history.ts';
import { TrendLines } from './TrendLines.tsx';

const COLUMNS: { metric: MetricKey; title: string }[] = [
  { metric: 'completion', title: 'Completion' },
  { metric: 'fallbackRate', title: 'Fallback rate' },
  { metric: 'offTopicRecovery', title: 'Off-topic recovery' },
];

/** Every run of this flow, newest first: scores colour-coded with words, change since the previous run, trends. */
export function HistoryTable() {
  const api = usePanelStoreApi();
  const history = usePanelStore((s) => s.history);
  const status = usePanelStore((s) => s.historyStatus);
  const filter = usePanelStore((s) => s.historyPersona);
  const comparisons = usePanelStore((s) => s.comparisons);
  const selectedRunId = usePanelStore((s) => s.selectedRunId);
  const storageMode = usePanelStore((s) => s.storageMode);
  const rows = useMemo(() => (filter === 'all' ? history : history.filter((h) => h.persona === filter)), [history, filter]);
  const titleId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <section className="fs-section fs-history" aria-labelledby={titleId}>
      <div className="fs-section__head fs-section__head--row">
        <div className="fs-section__title">
          <h3 className="fs-section__title" id={titleId}>
            History
          </h3>
          {storageMode === 'memory' && (
            <span className="fs-pill fs-pill--warn" title="Runs are kept in memory for this session only">
              session only
            </span>
          )}
        </div>
        <div className="fs-toolbar">
          <label className="fs-inline-field">
            <span className="fs-visually-hidden">Filter by persona</span>
            <select className="fs-select" value={filter} onChange={(e) => api.getState().setHistoryPersona(e.target.value as PersonaId | 'all')}>
              <option value="all">All personas</option>
              {PERSONA_IDS.map((p) => (
                <option key={p} value={p}>
                  {PERSONA_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="fs-button fs-button--small" onClick={() => void downloadHistory(api)} disabled={history.length === 0}>
            Export
          </button>
          <button type="button" className="fs-button fs-button--small" onClick={() => fileRef.current?.click()}>
            Import
          </button>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            className="fs-visually-hidden"
            tabIndex={-1}
            aria-label="Import history file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) await api.getState().importHistory(await file.text());
            }}
          />
        </div>
      </div>

      <TrendLines history={history} filter={filter} />

      {status === 'loading' && history.length === 0 ? (
        <p className="fs-hint">Loading the history…</p>
      ) : rows.length === 0 ? (
        <p className="fs-hint">{history.length === 0 ? 'No runs yet. Each run is saved here so you can see whether a fix moved the score.' : 'No runs of this persona yet.'}</p>
      ) : (
        <div className="fs-table-wrap">
          <table className="fs-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                {COLUMNS.map((c) => (
                  <th scope="col" key={c.metric} className="fs-num">
                    {c.title}
                  </th>
                ))}
                <th scope="col">
                  <span className="fs-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <HistoryRow key={r.id} run={r} comparison={comparisons[r.id]} selected={r.id === selectedRunId} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 0 && (
        <p className="fs-legend">
          <span aria-hidden="true">▲</span> improved · <span aria-hidden="true">▼</span> worse · <span aria-hidden="true">≈</span> no significant change (paired
          test on the same customers)
        </p>
      )}
    </section>
  );
}

function HistoryRow({ run, comparison, selected }: { run: RunListItem; comparison?: RunComparison; selected: boolean }) {
  const api = usePanelStoreApi();
  const [confirming, setConfirming] = useState(false);
  const name = `${run.versionLabel} ${PERSONA_LABELS[run.persona]} ${formatTime(run.finishedAt)}`;
  return (
    <tr className={selected ? 'fs-row-selected' : undefined}>
      <th scope="row" className="fs-history__run">
        <button type="button" className="fs-history__select" aria-current={selected ? 'true' : undefined} onClick={() => api.getState().selectRun(run.id)}>
          <span className="fs-nowrap">
            <span className="fs-version">{run.versionLabel}</span>{' '}
            <span className="fs-history__persona" title={PERSONA_LABELS[run.persona]}>
              {PERSONA_SHORT_LABELS[run.persona]}
            </span>
          </span>
          <span className="fs-history__meta">
            {formatTime(run.finishedAt)} · {run.n} conv.
            {run.status === 'cancelled' && ' · cancelled'}
          </span>
        </button>
      </th>
      {COLUMNS.map((c) => (
        <ScoreCell key={c.metric} run={run} metric={c.metric} comparison={comparison} />
      ))}
      <td className="fs-history__actions">
        <button
          type="button"
          className={`fs-icon-button${confirming ? ' fs-icon-button--danger' : ''}`}
          aria-label={confirming ? `Confirm delete ${name}` : `Delete ${name}`}
          title={confirming ? 'Click again to delete' : 'Delete run'}
          onBlur={() => setConfirming(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setConfirming(false);
          }}
          onClick={() => {
            if (confirming) void api.getState().deleteRun(run.id);
            else setConfirming(true);
          }}
        >
          {confirming ? (
            <span className="fs-icon-button__text">Delete?</span>
          ) : (
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
              <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          )}
        </button>
      </td>
    </tr>
  );
}

function ScoreCell({ run, metric, comparison }: { run: RunListItem; metric: MetricKey; comparison?: RunComparison }) {
  const rate = rateOf(run.summary.scores, metric);
  const m = comparison?.metrics[metric];
  return (
    <td className="fs-num">
      {rate ? (
        <span className={`fs-chip fs-chip--${rate.band}`}>
          {formatPercent(rate.value)} <span className="fs-chip__word">{BAND_WORDS[rate.band].toLowerCase()}</span>
        </span>
      ) : (
        <span className="fs-chip fs-chip--none">n/a</span>
      )}
      {m && m.delta !== null && (
        <span className={`fs-delta${m.verdict ? ` fs-delta--${m.verdict}` : ''}`}>
          {formatDelta(m.delta).replace(' pts', '')}
          {m.verdict && (
            <>
              {' '}
              <span aria-hidden="true">{VERDICT_GLYPHS[m.verdict]}</span>
              <span className="fs-visually-hidden"> {VERDICT_WORDS[m.verdict]}</span>
            </>
          )}
        </span>
      )}
    </td>
  );
}

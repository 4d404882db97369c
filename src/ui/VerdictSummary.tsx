import { useId, useMemo } from 'react';
import { PERSONA_IDS, PERSONA_LABELS } from '../core/personas/types.ts';
import { rateOf } from '../store/compare-runs.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import type { ShownRun } from '../store/selectors.ts';
import { METRICS } from '../store/types.ts';
import { BAND_WORDS, formatPercent, PERSONA_SHORT_LABELS } from './format.ts';
import { METRIC_TITLES, verdictOf } from './verdict.ts';

const HEADLINE_GLYPHS = { green: '✓', amber: '!', red: '✕', none: '–' } as const;

/**
 * The verdict at a glance for the batch the shown run belongs to (one persona, or all four): a headline that
 * names the worst score and persona, and a persona x score grid with value and band word in every cell.
 */
export function VerdictSummary({ run }: { run: ShownRun }) {
  const api = usePanelStoreApi();
  const batch = usePanelStore((s) => s.batch);
  const current = usePanelStore((s) => s.runs);
  const history = usePanelStore((s) => s.history);
  const titleId = useId();

  // The batch's runs: from the batch just run (maybe unsaved), else its runs in the history.
  const runs = useMemo(() => {
    const list: ShownRun[] =
      batch && batch.runIds.includes(run.id) ? batch.runIds.map((id) => current[id]!).filter(Boolean) : history.filter((h) => h.batchId === run.batchId);
    if (!list.some((r) => r.id === run.id)) list.push(run);
    return list.sort((a, b) => PERSONA_IDS.indexOf(a.persona) - PERSONA_IDS.indexOf(b.persona));
  }, [batch, current, history, run]);
  const verdict = useMemo(() => verdictOf(runs.map((r) => ({ persona: r.persona, scores: r.summary.scores }))), [runs]);
  const partial = runs.some((r) => r.status === 'cancelled');

  return (
    <div className="fs-verdict-summary">
      <p className={`fs-headline fs-headline--${verdict.band}`} id={titleId}>
        <span className="fs-headline__glyph" aria-hidden="true">
          {HEADLINE_GLYPHS[verdict.band]}
        </span>
        <span className="fs-headline__text">
          {verdict.text}
          {partial && <span className="fs-headline__note"> (cancelled run: partial results)</span>}
        </span>
      </p>
      <table className="fs-grid" aria-label="Scores by persona" aria-describedby={titleId}>
        <thead>
          <tr>
            <th scope="col">Persona</th>
            {METRICS.map((m) => (
              <th scope="col" key={m} className="fs-grid__score">
                {METRIC_TITLES[m]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={r.id === run.id && runs.length > 1 ? 'fs-row-selected' : undefined}>
              <th scope="row" className="fs-grid__persona">
                {runs.length > 1 ? (
                  <button
                    type="button"
                    className="fs-grid__select"
                    aria-current={r.id === run.id ? 'true' : undefined}
                    title={`Show the ${PERSONA_LABELS[r.persona]} run`}
                    onClick={() => api.getState().selectRun(r.id)}
                  >
                    {PERSONA_SHORT_LABELS[r.persona]}
                  </button>
                ) : (
                  PERSONA_SHORT_LABELS[r.persona]
                )}
              </th>
              {METRICS.map((m) => {
                const rate = rateOf(r.summary.scores, m);
                const worst = verdict.worst?.persona === r.persona && verdict.worst.metric === m;
                return (
                  <td key={m} className={`fs-grid__score${worst ? ' fs-grid__cell--worst' : ''}`}>
                    {rate && r.summary.scores.scored > 0 ? (
                      <span className={`fs-chip fs-chip--${rate.band}`}>
                        {formatPercent(rate.value)} <span className="fs-chip__word">{BAND_WORDS[rate.band].toLowerCase()}</span>
                      </span>
                    ) : (
                      <span className="fs-chip fs-chip--none">n/a</span>
                    )}
                    {worst && <span className="fs-visually-hidden"> (the worst score)</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useEffect, useId, useMemo, useRef } from 'react';
import { PERSONA_LABELS } from '../core/personas/types.ts';
import { findConfirmBaseline } from '../store/compare-runs.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import { detectableDifference, MAX_CONFIRM_CUSTOMERS, PLANNED_DIFFERENCE } from '../store/power.ts';
import { isBusy, type ShownRun } from '../store/selectors.ts';
import { METRICS, type ConfirmMetric, type Confirmation } from '../store/types.ts';
import { formatDelta, formatPercent, VERDICT_GLYPHS, VERDICT_WORDS } from './format.ts';
import { METRIC_TITLES } from './verdict.ts';

/** "~23 points", from a fraction. */
function points(delta: number): string {
  return `~${Math.round(delta * 100)} points`;
}

/** The sentence next to the scores: what a batch of this size can tell apart from chance. */
export function detectableSentence(n: number): string {
  const d = detectableDifference(n);
  const who = `With ${n} ${n === 1 ? 'customer' : 'customers'}`;
  if (d === null) return `${who} no change can be told apart from chance.`;
  return `${who} a change smaller than ${points(d)} may go unnoticed.`;
}

/**
 * "Enough customers to answer": the smallest change the run's batch size can show, and a Confirm that re-runs
 * the same customers on the current draft and on the earlier version, as many as a 10-point change needs.
 */
export function ConfirmPanel({ run }: { run: ShownRun }) {
  const api = usePanelStoreApi();
  const history = usePanelStore((s) => s.history);
  const busy = usePanelStore(isBusy);
  const confirmation = usePanelStore((s) => (s.confirmation?.runId === run.id ? s.confirmation : null));
  const anyConfirmRunning = usePanelStore((s) => s.confirmation?.status === 'running');
  const baseline = useMemo(() => findConfirmBaseline(run, history), [run, history]);
  const hintId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const running = confirmation?.status === 'running';

  // Keyboard focus follows the action: Cancel while confirming, back to Confirm when the Cancel button goes.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (running && document.activeElement === buttonRef.current) cancelRef.current?.focus();
    if (!running && wasRunning.current && (!document.activeElement || document.activeElement === document.body)) buttonRef.current?.focus();
    wasRunning.current = running;
  }, [running]);

  const persona = PERSONA_LABELS[run.persona];
  return (
    <div className="fs-confirm">
      <p className="fs-confirm__power">{detectableSentence(run.n)}</p>
      {baseline ? (
        <div className="fs-confirm__row">
          {running ? (
            <button ref={cancelRef} type="button" className="fs-button fs-button--small" onClick={() => api.getState().cancelConfirm()}>
              Cancel confirm
            </button>
          ) : (
            <button
              ref={buttonRef}
              type="button"
              className="fs-button fs-button--small fs-confirm__button"
              disabled={busy || anyConfirmRunning}
              aria-describedby={hintId}
              onClick={() => void api.getState().confirm(run.id)}
            >
              Confirm
            </button>
          )}
          <span className="fs-hint" id={hintId}>
            Re-runs these {persona} customers on the current draft and on <span className="fs-version">{baseline.versionLabel}</span>, as many as a{' '}
            {Math.round(PLANNED_DIFFERENCE * 100)}-point change needs (up to {MAX_CONFIRM_CUSTOMERS.toLocaleString('en-US')}).
          </span>
        </div>
      ) : (
        <p className="fs-hint">Confirm compares with an earlier version of this flow: change the draft and run again to get one.</p>
      )}
      {confirmation && <ConfirmResult confirmation={confirmation} />}
    </div>
  );
}

function ConfirmResult({ confirmation: c }: { confirmation: Confirmation }) {
  const titleId = useId();
  if (c.status === 'running') {
    const percent = c.progress.total ? Math.round((c.progress.done / c.progress.total) * 100) : 0;
    return (
      <div className="fs-progress fs-confirm__progress">
        <div
          className="fs-progress__track"
          role="progressbar"
          aria-label="Customers confirmed"
          aria-valuemin={0}
          aria-valuemax={c.progress.total}
          aria-valuenow={c.progress.done}
          aria-valuetext={`${c.progress.done} of ${c.progress.total} conversations`}
        >
          <div className="fs-progress__bar fs-progress__bar--scaled" style={{ transform: `scaleX(${percent / 100})` }} />
        </div>
        <span className="fs-progress__text" aria-hidden="true">
          {c.planned} customers × 2 drafts
        </span>
      </div>
    );
  }
  if (c.status === 'cancelled') return <p className="fs-hint" role="status">Confirm cancelled.</p>;
  if (c.status === 'error' || !c.metrics) {
    return (
      <p className="fs-notice fs-notice--error fs-confirm__error" role="alert">
        <span className="fs-notice__text">
          <strong>Confirm did not run.</strong> {c.error?.message ?? 'Unknown error.'}
        </span>
      </p>
    );
  }
  return (
    <section className="fs-confirm__result" aria-labelledby={titleId} role="status">
      <h4 className="fs-subtitle" id={titleId}>
        Confirmed on {c.customers.toLocaleString('en-US')} customers: current draft vs <span className="fs-version">{c.baselineLabel}</span>
      </h4>
      <ul className="fs-confirm__list">
        {METRICS.map((m) => (
          <ConfirmLine key={m} m={c.metrics![m]} />
        ))}
      </ul>
      {c.capped && (
        <p className="fs-hint">
          {MAX_CONFIRM_CUSTOMERS.toLocaleString('en-US')} customers were not enough for a sure answer on a 10-point change: many customers flip between the two
          versions.
        </p>
      )}
    </section>
  );
}

function ConfirmLine({ m }: { m: ConfirmMetric }) {
  const title = METRIC_TITLES[m.metric];
  if (m.pairs === 0 || m.before === null || m.after === null) {
    return (
      <li className="fs-confirm__item">
        <span className="fs-confirm__metric">{title}</span> <span className="fs-muted">n/a: no customer counted on both versions</span>
      </li>
    );
  }
  // An unsure "no change": say how large a change could still hide in these customers.
  const hidden = m.verdict === 'no_significant_change' && !m.powered && m.detectable !== null;
  const who = m.metric === 'offTopicRecovery' ? `${m.pairs} customers went off-topic on both versions` : `${m.pairs} customers`;
  return (
    <li className={`fs-confirm__item fs-confirm__item--${m.verdict}`}>
      <span className="fs-confirm__metric">{title}</span>{' '}
      <span className="fs-confirm__values">
        {formatPercent(m.before)} → {formatPercent(m.after)} ({formatDelta(m.delta ?? 0)})
      </span>{' '}
      <span className="fs-verdict" title={`McNemar exact test on ${m.pairs} paired customers: ${m.better} better, ${m.worse} worse, p = ${m.pValue.toFixed(3)}`}>
        <span aria-hidden="true">{VERDICT_GLYPHS[m.verdict]} </span>
        {VERDICT_WORDS[m.verdict]}
      </span>
      {hidden && (
        <span className="fs-confirm__caveat">
          {' '}
          ({who}: a change under {points(m.detectable!)} may go unnoticed)
        </span>
      )}
    </li>
  );
}

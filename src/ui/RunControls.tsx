import { useEffect, useId, useRef, useState } from 'react';
import { PERSONA_IDS, PERSONA_LABELS } from '../core/personas/types.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import { isBusy } from '../store/selectors.ts';
import { BATCH_SIZES, type PersonaChoice } from '../store/types.ts';

const PERSONA_CHOICES: { value: PersonaChoice; label: string }[] = [
  ...PERSONA_IDS.map((p) => ({ value: p, label: PERSONA_LABELS[p] })),
  { value: 'all', label: 'All personas' },
];

/** Persona, batch size, seed, Run / Cancel and the progress bar. */
export function RunControls() {
  const api = usePanelStoreApi();
  const persona = usePanelStore((s) => s.persona);
  const n = usePanelStore((s) => s.n);
  const status = usePanelStore((s) => s.status);
  const progress = usePanelStore((s) => s.progress);
  const busy = isBusy({ status });
  // A Confirm uses the same workers: a run waits until it is over (or cancelled).
  const confirming = usePanelStore((s) => s.confirmation?.status === 'running');
  const id = useId();
  const runRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Keep keyboard focus on the control that makes sense: Cancel while running, Run once Cancel is gone.
  const cancelHadFocus = useRef(false);
  useEffect(() => {
    if (busy && document.activeElement === runRef.current) cancelRef.current?.focus();
    if (!busy && cancelHadFocus.current) {
      cancelHadFocus.current = false;
      const active = document.activeElement;
      if (!active || active === document.body) runRef.current?.focus();
    }
  }, [busy]);

  const total = progress.total || n * (persona === 'all' ? PERSONA_IDS.length : 1);
  const percent = total ? Math.round((progress.done / total) * 100) : 0;
  const who = persona === 'all' ? 'customers of each persona' : `${PERSONA_LABELS[persona]} customers`;

  return (
    <div className="fs-controls">
      <div className="fs-field">
        <span className="fs-label" id={`${id}-persona`}>
          Persona
        </span>
        <div role="radiogroup" aria-labelledby={`${id}-persona`} className="fs-segments fs-segments--wrap">
          {PERSONA_CHOICES.map((p) => (
            <label key={p.value} className="fs-segment">
              <input
                type="radio"
                name={`${id}-persona-choice`}
                value={p.value}
                checked={persona === p.value}
                disabled={busy}
                onChange={() => api.getState().setPersona(p.value)}
              />
              <span>{p.label}</span>
            </label>
          ))}
        </div>
      </div>

      <div className="fs-row fs-row--split">
        <div className="fs-field">
          <span className="fs-label" id={`${id}-size`}>
            Conversations
          </span>
          <div role="radiogroup" aria-labelledby={`${id}-size`} className="fs-segments">
            {BATCH_SIZES.map((size) => (
              <label key={size} className="fs-segment fs-segment--num">
                <input
                  type="radio"
                  name={`${id}-size-choice`}
                  value={size}
                  checked={n === size}
                  disabled={busy}
                  onChange={() => api.getState().setN(size)}
                />
                <span>{size}</span>
              </label>
            ))}
          </div>
        </div>
        <SeedControl disabled={busy} />
      </div>

      <div className="fs-run">
        <button
          ref={runRef}
          type="button"
          className="fs-button fs-button--primary fs-run__button"
          disabled={busy || confirming}
          onClick={() => void api.getState().run()}
        >
          Run stress-test
        </button>
        {busy ? (
          <button
            ref={cancelRef}
            type="button"
            className="fs-button fs-run__cancel"
            onFocus={() => (cancelHadFocus.current = true)}
            onBlur={(e) => {
              // A blur caused by the button's own removal (the run ended) must not forget the focus.
              if (e.currentTarget.isConnected && e.relatedTarget) cancelHadFocus.current = false;
            }}
            onClick={() => api.getState().cancel()}
          >
            Cancel
          </button>
        ) : (
          <span className="fs-run__hint">
            {n} {who}
          </span>
        )}
      </div>
      {busy && (
        <div className="fs-progress">
          <div
            className="fs-progress__track"
            role="progressbar"
            aria-label="Conversations simulated"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={progress.done}
            aria-valuetext={`${progress.done} of ${total} conversations`}
          >
            <div className="fs-progress__bar fs-progress__bar--scaled" style={{ transform: `scaleX(${percent / 100})` }} />
          </div>
          <span className="fs-progress__text" aria-hidden="true">
            {status === 'validating' ? 'Checking the flow…' : `${progress.done} / ${total} conversations`}
          </span>
        </div>
      )}
    </div>
  );
}

/** The run seed: fixed per flow by default so reruns meet the same customers (a paired comparison). */
function SeedControl({ disabled }: { disabled: boolean }) {
  const api = usePanelStoreApi();
  const seed = usePanelStore((s) => s.seed);
  const seedIsDefault = usePanelStore((s) => s.seedIsDefault);
  const [draft, setDraft] = useState(String(seed));
  const id = useId();
  useEffect(() => setDraft(String(seed)), [seed]);
  const commit = () => {
    const value = Number(draft);
    if (Number.isInteger(value) && value >= 0) api.getState().setSeed(value);
    else setDraft(String(seed));
  };
  return (
    <div className="fs-field fs-seed">
      <label className="fs-label" htmlFor={`${id}-seed`}>
        Seed
      </label>
      <div className="fs-seed__row">
        <input
          id={`${id}-seed`}
          className="fs-input fs-seed__input"
          inputMode="numeric"
          pattern="[0-9]*"
          value={draft}
          disabled={disabled}
          aria-describedby={`${id}-seed-hint`}
          onChange={(e) => setDraft(e.target.value.replace(/[^0-9]/g, ''))}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
        <button type="button" className="fs-icon-button" disabled={disabled} onClick={() => api.getState().newSeed()} aria-label="New seed" title="New seed: different customers">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v2.8h-2.8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      <span id={`${id}-seed-hint`} className="fs-hint">
        {seedIsDefault ? (
          'Flow default: reruns are paired'
        ) : (
          <>
            Not paired with earlier runs.{' '}
            <button type="button" className="fs-link" disabled={disabled} onClick={() => api.getState().resetSeed()}>
              Use default
            </button>
          </>
        )}
      </span>
    </div>
  );
}

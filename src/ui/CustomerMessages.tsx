import { useId, useMemo, useRef, useState } from 'react';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';
import { isBusy } from '../store/selectors.ts';
import { plural } from './format.ts';

/**
 * Real customer messages for this flow: import a CSV or JSON file (text, intent) exported from chat logs.
 * Every run then uses them as the customers' wording for their intents (with each persona's noise on top);
 * the router never sees them. They are kept with the flow's history and exported with it.
 */
export function CustomerMessages() {
  const api = usePanelStoreApi();
  const state = usePanelStore((s) => s.customerMessages);
  const busy = usePanelStore((s) => isBusy(s) || s.confirmation?.status === 'running');
  const fileRef = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const titleId = useId();
  const listId = useId();

  const byIntent = useMemo(() => {
    const counts = new Map<string, number>();
    for (const m of state.messages) counts.set(m.intent, (counts.get(m.intent) ?? 0) + 1);
    const known = state.flowIntents ? new Map(state.flowIntents.map((i) => [i.id, i.label])) : null;
    return [...counts]
      .map(([intent, count]) => ({ intent, count, label: known?.get(intent) ?? intent, unknown: known !== null && !known.has(intent) }))
      .sort((a, b) => Number(a.unknown) - Number(b.unknown) || b.count - a.count || (a.intent < b.intent ? -1 : 1));
  }, [state.messages, state.flowIntents]);
  const unknown = byIntent.filter((i) => i.unknown);
  const used = state.messages.length - unknown.reduce((sum, i) => sum + i.count, 0);
  const count = state.messages.length;

  return (
    <section className="fs-messages" aria-labelledby={titleId}>
      <div className="fs-messages__head">
        <h3 className="fs-label fs-messages__title" id={titleId}>
          Customer messages
        </h3>
        <div className="fs-toolbar">
          <button type="button" className="fs-button fs-button--small" disabled={busy || reading} onClick={() => fileRef.current?.click()}>
            Import customer messages
          </button>
          {count > 0 && (
            <button type="button" className="fs-button fs-button--small" disabled={busy} onClick={() => void api.getState().clearCustomerMessages()}>
              Remove
            </button>
          )}
          <input
            ref={fileRef}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            className="fs-visually-hidden"
            tabIndex={-1}
            aria-label="Customer messages file (CSV or JSON)"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setReading(true);
              try {
                await api.getState().importCustomerMessages(await file.text(), file.name);
              } finally {
                setReading(false);
              }
            }}
          />
        </div>
      </div>
      <p className="fs-hint fs-messages__status" role="status">
        {state.status === 'loading' || reading ? (
          'Loading customer messages…'
        ) : count === 0 ? (
          'Customers use the built-in wording. Import real messages (CSV or JSON with text and intent) to test with your customers’ words.'
        ) : (
          <>
            <strong className="fs-messages__count">{plural(used, 'real message')}</strong> for {plural(byIntent.length - unknown.length, 'intent')}
            {state.fileName ? ` (${state.fileName})` : ''}: customers word their requests with them; the router never sees them.
            {unknown.length > 0 &&
              ` ${count - used} more ${count - used === 1 ? 'names an intent' : 'name intents'} this flow does not define and ${count - used === 1 ? 'is' : 'are'} not used.`}
          </>
        )}
      </p>
      {count > 0 && (
        <details className="fs-messages__details">
          <summary>By intent</summary>
          <ul className="fs-messages__list" id={listId}>
            {byIntent.map((i) => (
              <li key={i.intent} className={i.unknown ? 'fs-messages__unknown' : undefined}>
                <span className="fs-messages__intent" title={i.intent}>
                  {i.label}
                </span>{' '}
                <span className="fs-messages__n">{i.count}</span>
                {i.unknown && <span className="fs-pill fs-pill--warn">not in this flow</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

import { parseFlowText } from 'flowstress';
import { useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useBuilderStore } from '../builder-store.ts';
import { toFlowDocument, type Draft } from '../builder-types.ts';
import { DownloadIcon, ResetIcon, UploadIcon } from './icons.tsx';


function download(draft: Draft) {
  const blob = new Blob([JSON.stringify(toFlowDocument(draft), null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: `${draft.id}.json` });
  a.click();
  // Revoke on the next task: the click starts the download synchronously, the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function TopBar({ draft, actions }: { draft: Draft | undefined; actions?: ReactNode }) {
  const sources = useBuilderStore((s) => s.sources);
  const activeKey = useBuilderStore((s) => s.activeKey);
  const dirty = useBuilderStore((s) => (s.activeKey ? !!s.dirty[s.activeKey] : false));
  const openFlow = useBuilderStore((s) => s.openFlow);
  const importFlow = useBuilderStore((s) => s.importFlow);
  const resetToExample = useBuilderStore((s) => s.resetToExample);
  const fileInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const pickerId = useId();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      // The package's own reader: a bad file gets the same numbered, actionable findings as the CLI.
      const read = parseFlowText(await file.text());
      if (!read.ok) {
        const errors = read.findings.filter((f) => f.severity === 'error');
        const more = errors.length > 2 ? ` (and ${errors.length - 2} more)` : '';
        throw new Error(`${errors.slice(0, 2).map((f) => (f.path && f.path !== '$' ? `${f.message} [${f.path}]` : f.message)).join(' ')}${more}`);
      }
      setError(null);
      importFlow(read.flow, file.name);
    } catch (e) {
      setError(`Could not open ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <header className="fb-topbar">
      <div className="fb-brand">
        <img src="/favicon.svg" alt="" width={26} height={26} />
        <div>
          <div className="fb-brand__name">Flow builder</div>
          <div className="fb-brand__sub">flowstress demo</div>
        </div>
      </div>

      <div className="fb-topbar__flow">
        <label className="fb-topbar__label" htmlFor={pickerId}>
          Flow
        </label>
        <select id={pickerId} className="fb-input fb-select fb-picker" value={activeKey ?? ''} onChange={(e) => openFlow(e.target.value)} disabled={sources.length === 0}>
          {sources.length === 0 && <option value="">No example flows bundled</option>}
          {sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.label}
            </option>
          ))}
        </select>
        {draft && (
          <span className={`fb-status${dirty ? ' is-dirty' : ''}`} role="status" title="The draft is kept in this browser until you reset it; the stress test runs against it as it is.">
            <span className="fb-status__dot" aria-hidden="true" />
            {dirty ? 'Unsaved changes' : 'Unsaved draft'}
          </span>
        )}
      </div>

      <div className="fb-topbar__actions">
        <input ref={fileInput} type="file" accept="application/json,.json" hidden onChange={onFile} aria-label="Open flow file" />
        <button type="button" className="fb-btn fb-btn--ghost" onClick={() => fileInput.current?.click()} title="Open a flow document (.json)">
          <UploadIcon size={15} /> Open
        </button>
        <button type="button" className="fb-btn fb-btn--ghost" onClick={() => draft && download(draft)} disabled={!draft} title="Download the draft as a flow document">
          <DownloadIcon size={15} /> Export
        </button>
        <button type="button" className="fb-btn fb-btn--ghost" onClick={resetToExample} disabled={!dirty} title="Discard every edit to this flow">
          <ResetIcon size={15} /> Reset to example
        </button>
        <span className="fb-topbar__sep" aria-hidden="true" />
        {actions}
      </div>
      {error && (
        // Below the bar, over the canvas: a long message must not squeeze the top bar.
        <div className="fb-banner" role="alert">
          <span className="fb-banner__text">{error}</span>
          <button type="button" className="fb-banner__close" onClick={() => setError(null)} aria-label="Dismiss the message">
            ×
          </button>
        </div>
      )}
    </header>
  );
}

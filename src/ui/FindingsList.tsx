import { useEffect, useRef } from 'react';
import type { Finding } from '../core/errors.ts';
import { usePanelStore } from '../store/panel-context.tsx';
import { plural } from './format.ts';

/**
 * Validation findings of the last run attempt, linked to their nodes. Errors block the run and are
 * shown in full; warnings (the run went ahead) fold into one line until opened.
 */
export function FindingsList({ onSelectNode }: { onSelectNode?: (nodeId: string) => void }) {
  const findings = usePanelStore((s) => s.findings);
  const labels = usePanelStore((s) => s.nodeLabels);
  const error = usePanelStore((s) => s.error);
  const ref = useRef<HTMLDivElement>(null);
  const blocked = error?.code === 'FS104';
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity !== 'error');

  // Take the designer straight to what blocked the run.
  useEffect(() => {
    if (blocked) ref.current?.focus();
  }, [blocked, findings]);

  if (findings.length === 0 && !blocked) return null;
  const list = (items: Finding[]) => (
    <ul className="fs-findings__list">
      {items.map((f, i) => (
        <li key={`${f.code}-${f.nodeId ?? f.edgeId ?? ''}-${i}`} className={`fs-finding fs-finding--${f.severity}`}>
          <span className="fs-finding__severity">{f.severity === 'error' ? 'Error' : 'Warning'}</span>
          <span className="fs-finding__body">
            <span className="fs-finding__message">{f.message}</span>
            {f.nodeId &&
              (onSelectNode ? (
                <button type="button" className="fs-link fs-finding__node" onClick={() => onSelectNode(f.nodeId!)}>
                  Show node “{labels[f.nodeId] ?? f.nodeId}”
                </button>
              ) : (
                <span className="fs-finding__node">Node “{labels[f.nodeId] ?? f.nodeId}”</span>
              ))}
          </span>
        </li>
      ))}
    </ul>
  );

  if (!blocked) {
    return (
      <details className="fs-findings fs-findings--warnings">
        <summary className="fs-findings__summary">{plural(warnings.length, 'warning')} in the flow (the run went ahead)</summary>
        {list(warnings)}
      </details>
    );
  }
  return (
    <div ref={ref} tabIndex={-1} className="fs-findings fs-findings--blocked" role="alert" aria-labelledby="fs-findings-title">
      <p className="fs-findings__title" id="fs-findings-title">
        {errors.length === 1 ? '1 error blocks the run: fix it and run again.' : `${errors.length} errors block the run: fix them and run again.`}
      </p>
      {errors.length > 0 ? list(errors) : <p className="fs-hint">{error?.message}</p>}
      {warnings.length > 0 && (
        <details className="fs-findings__more">
          <summary className="fs-findings__summary">Also {plural(warnings.length, 'warning')}</summary>
          {list(warnings)}
        </details>
      )}
    </div>
  );
}

import type { HistoryNoticeAction } from '../history/types.ts';
import { usePanelStore, usePanelStoreApi } from '../store/panel-context.tsx';

const ACTION_LABELS: Record<HistoryNoticeAction, string> = {
  'prune-transcripts': 'Free space',
  export: 'Export history',
  reload: 'Reload page',
  retry: 'Retry',
  'delete-damaged': 'Delete damaged runs',
};

/** Storage and import notices (memory fallback, quota, blocked upgrade...) and a run error, with their remedies. */
export function Notices({ onExport }: { onExport(): void }) {
  const api = usePanelStoreApi();
  const notices = usePanelStore((s) => s.notices);
  const error = usePanelStore((s) => s.error);
  const runAction = (action: HistoryNoticeAction) => {
    if (action === 'prune-transcripts') void api.getState().pruneTranscripts();
    else if (action === 'export') onExport();
    else if (action === 'reload') window.location.reload();
    else if (action === 'delete-damaged') void api.getState().deleteDamagedRuns();
    else void api.getState().refreshHistory();
  };
  // FS104 (validation) is shown with its findings instead.
  const runError = error && error.code !== 'FS104' ? error : null;
  if (notices.length === 0 && !runError) return null;
  return (
    <div className="fs-notices">
      {runError && (
        <div className="fs-notice fs-notice--error" role="alert">
          <p className="fs-notice__text">
            <strong>The run failed.</strong> {runError.message}
          </p>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`fs-notice fs-notice--${n.tone}`} role={n.tone === 'info' ? 'status' : 'alert'}>
          <p className="fs-notice__text">
            {/^FS\d{3}$/.test(n.code) && <span className="fs-notice__code">{n.code}</span>} {n.message}
          </p>
          <div className="fs-notice__actions">
            {n.actions.map((a) => (
              <button key={a} type="button" className="fs-button fs-button--small" onClick={() => runAction(a)}>
                {ACTION_LABELS[a]}
              </button>
            ))}
            <button type="button" className="fs-icon-button fs-icon-button--small" aria-label={`Dismiss: ${n.message}`} onClick={() => api.getState().dismissNotice(n.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

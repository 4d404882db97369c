import type { PanelStoreApi } from '../store/create-panel-store.ts';

/** Exports the history through the store and hands it to the browser as a JSON download. */
export async function downloadHistory(api: PanelStoreApi): Promise<void> {
  const json = await api.getState().exportHistory();
  if (json === null || typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `flowstress-history-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  // Revoked after the click has been handled, or the download can be cancelled in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

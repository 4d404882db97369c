import type { RunListItem } from '../history/types.ts';
import type { PanelRun, PanelState } from './types.ts';

/** A run the panel shows: from the current batch (maybe unsaved) or from the history list. */
export type ShownRun = PanelRun | RunListItem;

/** The selected run; returns a reference held by the state, so it is safe as a `usePanelStore` selector. */
export function selectSelectedRun(state: PanelState): ShownRun | null {
  const id = state.selectedRunId;
  if (!id) return null;
  return state.runs[id] ?? state.history.find((h) => h.id === id) ?? null;
}

export function isBusy(state: Pick<PanelState, 'status'>): boolean {
  return state.status === 'running' || state.status === 'validating';
}

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PanelStoreApi } from './create-panel-store.ts';
import type { PanelStore } from './types.ts';

const PanelStoreContext = createContext<PanelStoreApi | null>(null);

/**
 * Shares one panel's store with its parts (the panel, the canvas heatmap layer).
 *
 * @example
 * <PanelStoreProvider store={store}><StressTestPanel ... /></PanelStoreProvider>
 */
export function PanelStoreProvider({ store, children }: { store: PanelStoreApi; children?: ReactNode }) {
  return <PanelStoreContext.Provider value={store}>{children}</PanelStoreContext.Provider>;
}

/** The panel store, or null outside a provider (for parts that also work without one). */
export function useMaybePanelStoreApi(): PanelStoreApi | null {
  return useContext(PanelStoreContext);
}

export function usePanelStoreApi(): PanelStoreApi {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('flowstress: usePanelStore must be used inside <StressTestProvider> or <StressTestPanel>.');
  return store;
}

/**
 * Subscribes to a slice of the panel store. Selectors must return stable values (a field, or a value
 * derived with useMemo in the component), as with zustand's `useStore`.
 *
 * @example
 * const status = usePanelStore((s) => s.status);
 */
export function usePanelStore<T>(selector: (state: PanelStore) => T): T {
  return useStore(usePanelStoreApi(), selector);
}

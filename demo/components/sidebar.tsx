import { useEffect } from 'react';
import { useBuilderStore, type SidebarTab } from '../builder-store.ts';
import type { Draft } from '../builder-types.ts';
import { ChevronIcon } from './icons.tsx';
import { IntentsEditor } from './intents-editor.tsx';
import { NodeInspector } from './node-inspector.tsx';
import { SettingsInspector } from './settings-inspector.tsx';

const TABS: { id: SidebarTab; label: string }[] = [
  { id: 'node', label: 'Node' },
  { id: 'flow', label: 'Flow settings' },
  { id: 'intents', label: 'Intents' },
];

/** The inspector: the selected node, the flow's settings, or its intents. Edits go straight into the unsaved draft. */
export function Sidebar({ draft }: { draft: Draft }) {
  const tab = useBuilderStore((s) => s.sidebarTab);
  const setTab = useBuilderStore((s) => s.setSidebarTab);
  const open = useBuilderStore((s) => s.inspectorOpen);
  const setOpen = useBuilderStore((s) => s.setInspectorOpen);
  const selected = draft.nodes.filter((n) => n.selected);
  const node = selected.length === 1 ? selected[0] : undefined;

  // Clicking a node on the canvas should show it, whichever tab was open, and unfold the inspector.
  useEffect(() => {
    if (!node) return;
    setTab('node');
    setOpen(true);
  }, [node?.id, setTab, setOpen]);

  if (!open) {
    return (
      <aside className="fb-sidebar fb-sidebar--folded" aria-label="Inspector">
        <button type="button" className="fb-rail-btn" onClick={() => setOpen(true)} aria-label="Show inspector" title="Show inspector">
          <ChevronIcon direction="left" />
          <span className="fb-rail-btn__text">Inspector</span>
        </button>
      </aside>
    );
  }

  return (
    <aside className="fb-sidebar" aria-label="Inspector">
      <div className="fb-tabs" role="tablist" aria-label="Inspector sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`fb-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="fb-tabpanel"
            className={`fb-tab${tab === t.id ? ' is-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
        <button type="button" className="fb-icon-btn fb-tabs__fold" onClick={() => setOpen(false)} aria-label="Hide inspector" title="Hide inspector">
          <ChevronIcon direction="right" />
        </button>
      </div>
      <div className="fb-sidebar__scroll" role="tabpanel" id="fb-tabpanel" aria-labelledby={`fb-tab-${tab}`}>
        {tab === 'node' &&
          (node ? (
            <NodeInspector key={node.id} node={node} draft={draft} />
          ) : (
            <div className="fb-placeholder">
              <p>{selected.length > 1 ? `${selected.length} nodes selected.` : 'Select a node on the canvas to edit it.'}</p>
              <p className="fb-muted">Drag from a labelled output to another node to connect; press Delete to remove the selection.</p>
            </div>
          ))}
        {tab === 'flow' && <SettingsInspector draft={draft} />}
        {tab === 'intents' && <IntentsEditor draft={draft} />}
      </div>
    </aside>
  );
}

import type { Intent, RouterData } from 'flowstress';
import { useBuilderStore } from '../builder-store.ts';
import type { Draft } from '../builder-types.ts';
import { AddIdField, ListField, Section, TextField } from './fields.tsx';
import { TrashIcon } from './icons.tsx';

/** Which routers route an intent, so the designer sees what an edit to its phrases affects. */
function routersOf(draft: Draft, intentId: string): string[] {
  return draft.nodes
    .filter((n) => n.type === 'router' && ((n.data as unknown as RouterData).intents ?? []).includes(intentId))
    .map((n) => n.id);
}

export function IntentsEditor({ draft }: { draft: Draft }) {
  const updateIntents = useBuilderStore((s) => s.updateIntents);
  const setIntent = (id: string, update: (i: Intent) => Intent) => updateIntents((list) => list.map((i) => (i.id === id ? update(i) : i)));
  const globalIds = new Set(draft.settings.globalIntents.map((g) => g.intent));

  const add = (id: string) => {
    if (draft.intents.some((i) => i.id === id)) return false;
    updateIntents((list) => [...list, { id, phrases: [] }]);
    return true;
  };

  return (
    <div>
      <Section title={`Intents (${draft.intents.length})`}>
        <p className="fb-field__hint">Training phrases, one per line. Simulated customers paraphrase: a handful of phrases rarely covers them.</p>
        <AddIdField label="New intent id" buttonLabel="Add intent" onAdd={add} />
      </Section>
      {draft.intents.map((intent) => {
        const routers = routersOf(draft, intent.id);
        const usage = [routers.length ? `routed by ${routers.join(', ')}` : '', globalIds.has(intent.id) ? 'global' : ''].filter(Boolean).join(' · ');
        return (
          <Section
            key={intent.id}
            title={intent.id}
            actions={
              <button
                type="button"
                className="fb-icon-btn"
                aria-label={`Delete intent ${intent.id}`}
                title="Delete intent"
                onClick={() => updateIntents((list) => list.filter((i) => i.id !== intent.id))}
              >
                <TrashIcon size={14} />
              </button>
            }
          >
            <p className="fb-field__hint">{usage || 'Not used by any router or global intent.'}</p>
            <TextField label="Label" value={intent.label} onChange={(label) => setIntent(intent.id, (i) => ({ ...i, label: label || undefined }))} />
            <ListField
              label={`Training phrases (${intent.phrases.length})`}
              values={intent.phrases}
              onChange={(phrases) => setIntent(intent.id, (i) => ({ ...i, phrases }))}
              placeholder="One phrase per line"
            />
          </Section>
        );
      })}
    </div>
  );
}

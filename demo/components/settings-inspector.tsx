import type { FallbackBehaviour, FlowSettings, GlobalAction, GlobalIntent } from 'flowstress';
import { useBuilderStore } from '../builder-store.ts';
import type { Draft } from '../builder-types.ts';
import { Checkbox, ListField, NumberField, Section, Select, TextArea, TextField } from './fields.tsx';
import { PlusIcon, TrashIcon } from './icons.tsx';

const BEHAVIOURS: { value: FallbackBehaviour; label: string }[] = [
  { value: 'reprompt', label: 'Say fallback, ask again' },
  { value: 'message_only', label: 'Say fallback, keep waiting' },
  { value: 'restart', label: 'Say fallback, restart the flow' },
];

const GLOBAL_ACTIONS: { value: GlobalAction; label: string }[] = [
  { value: 'handoff', label: 'Hand off to a human' },
  { value: 'restart', label: 'Start over' },
  { value: 'repeat', label: 'Repeat last message' },
  { value: 'help', label: 'Say help text' },
  { value: 'goto', label: 'Go to node' },
];

function GlobalIntentCard({ gi, index, draft, onChange, onRemove }: { gi: GlobalIntent; index: number; draft: Draft; onChange: (gi: GlobalIntent) => void; onRemove: () => void }) {
  const needsTarget = gi.action === 'goto' || gi.action === 'handoff';
  const targets = draft.nodes.filter((n) => (gi.action === 'handoff' ? n.type === 'handoff' : n.type !== 'start'));
  return (
    <div className="fb-card">
      <div className="fb-card__row">
        <span className="fb-card__title">Global intent {index + 1}</span>
        <button type="button" className="fb-icon-btn" aria-label={`Remove global intent ${gi.intent}`} title="Remove" onClick={onRemove}>
          <TrashIcon size={14} />
        </button>
      </div>
      <Select
        label="Intent"
        value={gi.intent}
        options={[
          ...(draft.intents.some((i) => i.id === gi.intent) ? [] : [{ value: gi.intent, label: gi.intent ? `${gi.intent} (undefined)` : 'Choose…' }]),
          ...draft.intents.map((i) => ({ value: i.id, label: i.label ? `${i.label} (${i.id})` : i.id })),
        ]}
        onChange={(intent) => onChange({ ...gi, intent })}
      />
      <Select label="Action" value={gi.action} options={GLOBAL_ACTIONS} onChange={(action) => onChange({ ...gi, action })} />
      {needsTarget && (
        <Select
          label={gi.action === 'goto' ? 'Target node' : 'Handoff node (optional)'}
          value={gi.target ?? ''}
          options={[{ value: '', label: gi.action === 'goto' ? 'Choose…' : 'Default handoff' }, ...targets.map((n) => ({ value: n.id, label: n.id }))]}
          onChange={(target) => onChange({ ...gi, target: target || undefined })}
        />
      )}
      <TextField label="Response" value={gi.response} placeholder="What the bot says" onChange={(response) => onChange({ ...gi, response: response || undefined })} />
    </div>
  );
}

export function SettingsInspector({ draft }: { draft: Draft }) {
  const updateSettings = useBuilderStore((s) => s.updateSettings);
  const renameFlow = useBuilderStore((s) => s.renameFlow);
  const s = draft.settings;
  const set = (update: (s: FlowSettings) => FlowSettings) => updateSettings(update);
  const setFallback = (patch: Partial<FlowSettings['fallback']>) => set((x) => ({ ...x, fallback: { ...x.fallback, ...patch } }));
  const setMatcher = (patch: Partial<FlowSettings['matcher']>) => set((x) => ({ ...x, matcher: { ...x.matcher, ...patch } }));
  const setGlobal = (list: GlobalIntent[]) => set((x) => ({ ...x, globalIntents: list }));

  return (
    <div>
      <Section title="Flow">
        <TextField label="Name" value={draft.name} onChange={renameFlow} />
        <p className="fb-field__hint">
          Id <code>{draft.id}</code>: stress-test runs of this flow share one history.
        </p>
      </Section>
      <Section title="Understanding">
        <Checkbox
          label="Typo tolerance"
          checked={s.matcher.typoTolerance}
          onChange={(typoTolerance) => setMatcher({ typoTolerance })}
          hint="Corrects misspelt words against the flow’s own vocabulary."
        />
        <div className="fb-field">
          <label className="fb-field__label" htmlFor="fb-threshold">
            Match threshold <span className="fb-value">{s.matcher.threshold.toFixed(2)}</span>
          </label>
          <input
            id="fb-threshold"
            type="range"
            className="fb-range"
            min={0.1}
            max={0.95}
            step={0.01}
            value={s.matcher.threshold}
            onChange={(e) => setMatcher({ threshold: Number(e.target.value) })}
          />
          <p className="fb-field__hint">Lower accepts looser paraphrases, and more wrong matches.</p>
        </div>
        <NumberField label="Margin over runner-up" value={s.matcher.margin} min={0} max={0.5} step={0.01} onChange={(margin) => setMatcher({ margin: margin ?? 0 })} />
        <Checkbox
          label="Capture volunteered slots"
          checked={s.captureVolunteeredSlots}
          onChange={(captureVolunteeredSlots) => set((x) => ({ ...x, captureVolunteeredSlots }))}
          hint="Fill later questions from values the customer already gave."
        />
      </Section>
      <Section title="Fallback">
        <Select label="Fallback behaviour" value={s.fallback.behaviour} options={BEHAVIOURS} onChange={(behaviour) => setFallback({ behaviour })} />
        <ListField
          label="Fallback messages"
          values={s.fallback.messages}
          onChange={(messages) => setFallback({ messages })}
          placeholder="One per line, said in turn"
          hint="Said in turn on successive fallbacks."
        />
        <div className="fb-row">
          <NumberField label="Give up after" value={s.fallback.maxConsecutive} min={1} max={20} onChange={(maxConsecutive) => setFallback({ maxConsecutive: maxConsecutive ?? 1 })} />
          <Select
            label="Give up by"
            value={s.fallback.giveUp}
            options={[
              { value: 'handoff', label: 'Handoff' },
              { value: 'end', label: 'Ending (stuck)' },
            ]}
            onChange={(giveUp) => setFallback({ giveUp })}
          />
        </div>
        <TextArea label="Give-up message" rows={2} value={s.fallback.giveUpMessage} onChange={(giveUpMessage) => setFallback({ giveUpMessage: giveUpMessage || undefined })} />
      </Section>
      <Section
        title={`Global intents (${s.globalIntents.length})`}
        actions={
          <button
            type="button"
            className="fb-btn fb-btn--small"
            onClick={() => setGlobal([...s.globalIntents, { intent: draft.intents.find((i) => !s.globalIntents.some((g) => g.intent === i.id))?.id ?? '', action: 'handoff' }])}
          >
            <PlusIcon size={13} /> Add
          </button>
        }
      >
        <p className="fb-field__hint">Work at every question and router: talk to a human, start over, repeat, help.</p>
        {s.globalIntents.map((gi, i) => (
          <GlobalIntentCard
            key={i}
            gi={gi}
            index={i}
            draft={draft}
            onChange={(next) => setGlobal(s.globalIntents.map((g, j) => (j === i ? next : g)))}
            onRemove={() => setGlobal(s.globalIntents.filter((_, j) => j !== i))}
          />
        ))}
      </Section>
      <Section title="Safety">
        <NumberField
          label="Step budget per turn"
          value={s.stepBudget}
          min={5}
          max={500}
          onChange={(stepBudget) => set((x) => ({ ...x, stepBudget: stepBudget ?? 50 }))}
          hint="Node visits per customer turn before the turn ends as a detected loop."
        />
      </Section>
    </div>
  );
}

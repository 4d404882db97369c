import type {
  ActionData,
  ChoiceOption,
  ConditionBranch,
  ConditionData,
  ConditionOp,
  EntitySpec,
  EntityType,
  Intent,
  NodeDataByKind,
  QuestionData,
  RouterData,
  RouterOption,
  ToolMock,
} from 'flowstress';
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { useBuilderStore } from '../builder-store.ts';
import type { BuilderNode, Draft } from '../builder-types.ts';
import { CONDITION_OPS, DEFAULT_MAX_ATTEMPTS, KIND_INFO } from '../node-kinds.ts';
import { AddIdField, Checkbox, ListField, NumberField, Section, Select, TextArea, TextField } from './fields.tsx';
import { KindIcon, PlusIcon, TrashIcon } from './icons.tsx';

type Patch<T> = (update: (data: T) => T) => void;

const ENTITY_TYPES: { value: EntityType; label: string }[] = [
  { value: 'text', label: 'Free text' },
  { value: 'number', label: 'Number' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'date', label: 'Date' },
  { value: 'yes_no', label: 'Yes / no' },
  { value: 'choice', label: 'Choice' },
  { value: 'pattern', label: 'Pattern (e.g. order number)' },
];

function defaultEntity(type: EntityType, previous: EntitySpec): EntitySpec {
  if (type === previous.type) return previous;
  switch (type) {
    case 'pattern':
      return { type, pattern: '', example: '', ignoreSeparators: false };
    case 'choice':
      return { type, options: [] };
    case 'number':
      return { type };
    case 'text':
      return { type };
    default:
      return { type };
  }
}

/** Mirrors how the runtime reads a pattern (whole value, case-insensitive, optional separator stripping) to check the example as you type. */
function checkPattern(pattern: string, example: string, ignoreSeparators: boolean | undefined): { valid: boolean; matches: boolean } {
  try {
    const re = new RegExp(`^(?:${pattern})$`, 'i');
    const candidate = ignoreSeparators ? example.replace(/[\s-]+/g, '') : example;
    return { valid: true, matches: re.test(candidate) };
  } catch {
    return { valid: false, matches: false };
  }
}

function nextId(prefix: string, taken: string[]): string {
  let i = taken.length + 1;
  while (taken.includes(`${prefix}_${i}`)) i++;
  return `${prefix}_${i}`;
}

function IconButton({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="fb-icon-btn" aria-label={label} title={label} onClick={onClick}>
      {children}
    </button>
  );
}

type Listening = { reprompt?: string; maxAttempts?: number };

function AttemptsFields<T extends Listening>({ data, patch }: { data: T; patch: Patch<T> }) {
  return (
    <>
      <TextArea
        label="Re-prompt"
        value={data.reprompt}
        rows={2}
        placeholder="Defaults to the prompt"
        onChange={(reprompt) => patch((d) => ({ ...d, reprompt: reprompt || undefined }))}
        hint="Said after an answer the bot could not use."
      />
      <NumberField
        label="Attempts before no-match"
        value={data.maxAttempts}
        min={1}
        max={10}
        optional
        placeholder={String(DEFAULT_MAX_ATTEMPTS)}
        onChange={(maxAttempts) => patch((d) => ({ ...d, maxAttempts }))}
      />
    </>
  );
}

function EntityEditor({ entity, onChange }: { entity: EntitySpec; onChange: (entity: EntitySpec) => void }) {
  const type = entity?.type ?? 'text';
  return (
    <>
      <Select label="Entity type" value={type} options={ENTITY_TYPES} onChange={(t) => onChange(defaultEntity(t, entity))} />
      {entity.type === 'pattern' && <PatternEditor entity={entity} onChange={onChange} />}
      {entity.type === 'choice' && <ChoiceEditor entity={entity} onChange={onChange} />}
      {entity.type === 'number' && (
        <div className="fb-row">
          <NumberField label="Min" value={entity.min} optional onChange={(min) => onChange({ ...entity, min })} />
          <NumberField label="Max" value={entity.max} optional onChange={(max) => onChange({ ...entity, max })} />
        </div>
      )}
      {entity.type === 'number' && (
        <Checkbox label="Whole numbers only" checked={!!entity.integer} onChange={(integer) => onChange({ ...entity, integer })} />
      )}
      {entity.type === 'text' && (
        <NumberField
          label="Minimum words"
          value={entity.minWords}
          min={1}
          optional
          placeholder="1"
          onChange={(minWords) => onChange({ ...entity, minWords })}
          hint="Free text accepts almost anything: off-topic answers get captured as the slot."
        />
      )}
    </>
  );
}

function PatternEditor({ entity, onChange }: { entity: Extract<EntitySpec, { type: 'pattern' }>; onChange: (e: EntitySpec) => void }) {
  const check = checkPattern(entity.pattern, entity.example, entity.ignoreSeparators);
  return (
    <>
      <TextField
        label="Pattern"
        mono
        value={entity.pattern}
        invalid={!check.valid}
        placeholder="[A-Z]{2}\d{6}"
        onChange={(pattern) => onChange({ ...entity, pattern })}
        hint={check.valid ? 'Regular expression, matched against the whole answer, case-insensitive.' : 'Not a valid regular expression.'}
      />
      <TextField
        label="Example"
        mono
        value={entity.example}
        invalid={check.valid && !!entity.example && !check.matches}
        onChange={(example) => onChange({ ...entity, example })}
        hint={
          entity.example ? (
            <span className={check.matches ? 'fb-ok' : 'fb-bad'}>{check.matches ? '✓ The example matches the pattern.' : '✗ The example does not match the pattern.'}</span>
          ) : (
            'A valid value; simulated customers use its shape.'
          )
        }
      />
      <Checkbox
        label="Ignore spaces and dashes"
        checked={!!entity.ignoreSeparators}
        onChange={(ignoreSeparators) => onChange({ ...entity, ignoreSeparators })}
        hint="Lenient: “ab 123-456” counts as “AB123456”."
      />
    </>
  );
}

function ChoiceEditor({ entity, onChange }: { entity: Extract<EntitySpec, { type: 'choice' }>; onChange: (e: EntitySpec) => void }) {
  const setOption = (i: number, option: ChoiceOption) => onChange({ ...entity, options: entity.options.map((o, j) => (j === i ? option : o)) });
  return (
    <div className="fb-list">
      <div className="fb-list__head">
        <span className="fb-field__label">Options</span>
        <button type="button" className="fb-btn fb-btn--small" onClick={() => onChange({ ...entity, options: [...entity.options, { value: '', synonyms: [] }] })}>
          <PlusIcon size={13} /> Add option
        </button>
      </div>
      {entity.options.length === 0 && <p className="fb-empty">No options yet.</p>}
      {entity.options.map((option, i) => (
        <div key={i} className="fb-card">
          <div className="fb-card__row">
            <TextField label="Value" value={option.value} onChange={(value) => setOption(i, { ...option, value })} />
            <IconButton label={`Remove option ${option.value}`} onClick={() => onChange({ ...entity, options: entity.options.filter((_, j) => j !== i) })}>
              <TrashIcon size={14} />
            </IconButton>
          </div>
          <ListField label="Synonyms" separator="comma" values={option.synonyms} onChange={(synonyms) => setOption(i, { ...option, synonyms })} />
        </div>
      ))}
    </div>
  );
}

function QuestionInspector({ data, patch, sharing }: { data: QuestionData; patch: Patch<QuestionData>; sharing: string[] }) {
  return (
    <>
      <Section title="Question">
        <TextArea label="Prompt" value={data.prompt} onChange={(prompt) => patch((d) => ({ ...d, prompt }))} />
        <TextField
          label="Slot"
          mono
          value={data.slot}
          invalid={!data.slot}
          onChange={(slot) => patch((d) => ({ ...d, slot }))}
          hint={sharing.length ? `Also asked by ${sharing.join(', ')}.` : 'The answer is stored under this name.'}
        />
        <AttemptsFields data={data} patch={patch} />
      </Section>
      <Section title="Entity">
        <EntityEditor entity={data.entity ?? { type: 'text' }} onChange={(entity) => patch((d) => ({ ...d, entity }))} />
      </Section>
    </>
  );
}

function RouterInspector({ data, patch, intents }: { data: RouterData; patch: Patch<RouterData>; intents: Intent[] }) {
  const updateIntents = useBuilderStore((s) => s.updateIntents);
  const routed = data.intents ?? [];
  const unrouted = intents.filter((i) => !routed.includes(i.id));
  const mode = data.mode ?? 'intent';

  const addRoute = (id: string) => {
    const clean = id.trim().replace(/\s+/g, '_');
    if (!clean || routed.includes(clean)) return false;
    if (!intents.some((i) => i.id === clean)) updateIntents((list) => [...list, { id: clean, phrases: [] }]);
    patch((d) => ({ ...d, intents: [...(d.intents ?? []), clean] }));
    return true;
  };
  const setPhrases = (id: string, phrases: string[]) => updateIntents((list) => list.map((i) => (i.id === id ? { ...i, phrases } : i)));
  const setOption = (i: number, option: RouterOption) => patch((d) => ({ ...d, options: (d.options ?? []).map((o, j) => (j === i ? option : o)) }));

  return (
    <>
      <Section title="Router">
        <TextArea label="Prompt" value={data.prompt} onChange={(prompt) => patch((d) => ({ ...d, prompt }))} />
        <Select
          label="Route by"
          value={mode}
          options={[
            { value: 'intent', label: 'Intent (training phrases)' },
            { value: 'options', label: 'Options (buttons)' },
          ]}
          onChange={(m) => patch((d) => ({ ...d, mode: m }))}
        />
        <AttemptsFields data={data} patch={patch} />
      </Section>
      {mode === 'intent' ? (
        <Section title={`Intents routed (${routed.length})`}>
          {routed.length === 0 && <p className="fb-empty">No intents routed: every request falls to no-match.</p>}
          {routed.map((id) => {
            const intent = intents.find((i) => i.id === id);
            return (
              <div key={id} className="fb-card">
                <div className="fb-card__row">
                  <span className="fb-card__title">
                    <code>{id}</code>
                    {intent?.label && <span className="fb-muted"> · {intent.label}</span>}
                  </span>
                  <IconButton label={`Remove route ${id}`} onClick={() => patch((d) => ({ ...d, intents: (d.intents ?? []).filter((x) => x !== id) }))}>
                    <TrashIcon size={14} />
                  </IconButton>
                </div>
                {intent ? (
                  <ListField
                    label={`Training phrases (${intent.phrases.length})`}
                    values={intent.phrases}
                    onChange={(phrases) => setPhrases(id, phrases)}
                    placeholder="One phrase per line"
                    hint="Shared by every router that routes this intent."
                  />
                ) : (
                  <p className="fb-bad">Unknown intent: it is not defined in the flow’s intents.</p>
                )}
              </div>
            );
          })}
          <div className="fb-add-route">
            {unrouted.length > 0 && (
              <select className="fb-input fb-select" aria-label="Route an existing intent" value="" onChange={(e) => addRoute(e.target.value)}>
                <option value="">Route an existing intent…</option>
                {unrouted.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label ? `${i.label} (${i.id})` : i.id}
                  </option>
                ))}
              </select>
            )}
            <AddIdField label="New intent id" buttonLabel="New intent" onAdd={addRoute} />
          </div>
        </Section>
      ) : (
        <Section
          title={`Options (${data.options?.length ?? 0})`}
          actions={
            <button
              type="button"
              className="fb-btn fb-btn--small"
              onClick={() =>
                patch((d) => ({ ...d, options: [...(d.options ?? []), { id: nextId('option', (d.options ?? []).map((o) => o.id)), label: 'New option', synonyms: [] }] }))
              }
            >
              <PlusIcon size={13} /> Add
            </button>
          }
        >
          {(data.options ?? []).map((option, i) => (
            <div key={option.id} className="fb-card">
              <div className="fb-card__row">
                <TextField label={`Label · ${option.id}`} value={option.label} onChange={(label) => setOption(i, { ...option, label })} />
                <IconButton label={`Remove option ${option.label}`} onClick={() => patch((d) => ({ ...d, options: (d.options ?? []).filter((_, j) => j !== i) }))}>
                  <TrashIcon size={14} />
                </IconButton>
              </div>
              <ListField label="Synonyms" separator="comma" values={option.synonyms} onChange={(synonyms) => setOption(i, { ...option, synonyms })} />
            </div>
          ))}
        </Section>
      )}
    </>
  );
}

function ConditionInspector({ data, patch, slotNames }: { data: ConditionData; patch: Patch<ConditionData>; slotNames: string[] }) {
  const branches = data.branches ?? [];
  const setBranch = (i: number, branch: ConditionBranch) => patch((d) => ({ ...d, branches: d.branches.map((b, j) => (j === i ? branch : b)) }));
  const move = (i: number, by: -1 | 1) =>
    patch((d) => {
      const next = [...d.branches];
      const [b] = next.splice(i, 1);
      next.splice(i + by, 0, b);
      return { ...d, branches: next };
    });
  const listId = 'fb-slot-names';
  return (
    <Section
      title={`Branches (${branches.length})`}
      actions={
        <button
          type="button"
          className="fb-btn fb-btn--small"
          onClick={() => patch((d) => ({ ...d, branches: [...d.branches, { id: nextId('branch', d.branches.map((b) => b.id)), slot: '', op: 'exists' }] }))}
        >
          <PlusIcon size={13} /> Add
        </button>
      }
    >
      <p className="fb-field__hint">Checked in order; the first true branch wins, otherwise “else”.</p>
      <datalist id={listId}>
        {slotNames.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {branches.map((branch, i) => {
        const op = CONDITION_OPS.find((o) => o.op === branch.op);
        return (
          <div key={branch.id} className="fb-card">
            <div className="fb-card__row">
              <span className="fb-card__title">
                <code>{branch.id}</code>
              </span>
              <span className="fb-card__tools">
                <IconButton label="Move up" onClick={() => i > 0 && move(i, -1)}>
                  ↑
                </IconButton>
                <IconButton label="Move down" onClick={() => i < branches.length - 1 && move(i, 1)}>
                  ↓
                </IconButton>
                <IconButton label={`Remove branch ${branch.id}`} onClick={() => patch((d) => ({ ...d, branches: d.branches.filter((_, j) => j !== i) }))}>
                  <TrashIcon size={14} />
                </IconButton>
              </span>
            </div>
            <div className="fb-field">
              <label className="fb-field__label" htmlFor={`${branch.id}-slot`}>
                Slot
              </label>
              <input
                id={`${branch.id}-slot`}
                className="fb-input fb-input--mono"
                list={listId}
                value={branch.slot}
                onChange={(e) => setBranch(i, { ...branch, slot: e.target.value })}
              />
            </div>
            <div className="fb-row">
              <Select<ConditionOp>
                label="Test"
                value={branch.op}
                options={CONDITION_OPS.map((o) => ({ value: o.op, label: o.label }))}
                onChange={(opId) => setBranch(i, { ...branch, op: opId })}
              />
              {op?.needsValue && (
                <TextField
                  label="Value"
                  value={branch.value === undefined ? '' : String(branch.value)}
                  onChange={(raw) => {
                    // Comparisons need a number; equality keeps the text as typed.
                    const numeric = (branch.op === 'gt' || branch.op === 'lt') && raw.trim() !== '' && Number.isFinite(Number(raw));
                    setBranch(i, { ...branch, value: numeric ? Number(raw) : raw });
                  }}
                />
              )}
            </div>
          </div>
        );
      })}
    </Section>
  );
}

function resultToLines(result: Record<string, string> | undefined): string[] {
  return Object.entries(result ?? {}).map(([k, v]) => `${k}=${v}`);
}
function linesToResult(lines: string[]): Record<string, string> | undefined {
  const entries = lines.map((l) => l.split('=')).filter((p) => p[0]?.trim());
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, ...v]) => [k.trim(), v.join('=').trim()]));
}

function ActionInspector({ data, patch }: { data: ActionData; patch: Patch<ActionData> }) {
  const mock: ToolMock = data.mock ?? { mode: 'success' };
  const setMock = (next: ToolMock) => patch((d) => ({ ...d, mock: next }));
  const result = mock.mode === 'error' ? undefined : mock.result;
  return (
    <>
      <Section title="Tool call">
        <TextField label="Tool" mono value={data.tool} onChange={(tool) => patch((d) => ({ ...d, tool }))} />
        <ListField label="Arguments (slots)" separator="comma" mono values={data.args} onChange={(args) => patch((d) => ({ ...d, args }))} placeholder="order_number, email" />
        <TextArea label="Message while calling" value={data.text} rows={2} onChange={(text) => patch((d) => ({ ...d, text: text || undefined }))} />
      </Section>
      <Section title="Mock (stress test)">
        <p className="fb-field__hint">In a stress test the tool is never called: this decides what it returns.</p>
        <Select<ToolMock['mode']>
          label="Mock mode"
          value={mock.mode}
          options={[
            { value: 'success', label: 'Always succeeds' },
            { value: 'error', label: 'Always fails' },
            { value: 'error_rate', label: 'Fails at a rate' },
          ]}
          onChange={(mode) =>
            setMock(mode === 'error' ? { mode } : mode === 'error_rate' ? { mode, rate: mock.mode === 'error_rate' ? mock.rate : 0.2, result } : { mode, result })
          }
        />
        {mock.mode === 'error_rate' && (
          <NumberField
            label="Error rate (%)"
            value={Math.round(mock.rate * 1000) / 10}
            min={0}
            max={100}
            step={5}
            onChange={(pct) => setMock({ ...mock, rate: Math.min(1, Math.max(0, (pct ?? 0) / 100)) })}
          />
        )}
        {mock.mode !== 'error' && (
          <ListField
            label="Result"
            mono
            values={resultToLines(result)}
            onChange={(lines) => setMock({ ...mock, result: linesToResult(lines) })}
            placeholder="status=shipped"
            hint="One key=value per line; the values become slots for later messages."
          />
        )}
      </Section>
    </>
  );
}

function KindFields({ node, draft }: { node: BuilderNode; draft: Draft }) {
  const updateNodeData = useBuilderStore((s) => s.updateNodeData);
  // The canvas stores data as plain records; each case below narrows to its kind's data type.
  function patchOf<T>(): Patch<T> {
    return (update) => updateNodeData(node.id, (d) => update(d as T) as Record<string, unknown>);
  }
  const slotNames = useMemo(
    () => [...new Set(draft.nodes.filter((n) => n.type === 'question').map((n) => (n.data as unknown as QuestionData).slot).filter(Boolean))],
    [draft.nodes],
  );
  const data: unknown = node.data;
  switch (node.type) {
    case 'start': {
      const patch = patchOf<NodeDataByKind['start']>();
      return (
        <Section title="Start">
          <TextArea
            label="Greeting"
            value={(data as NodeDataByKind['start']).greeting}
            onChange={(greeting) => patch((d) => ({ ...d, greeting: greeting || undefined }))}
          />
        </Section>
      );
    }
    case 'message': {
      const patch = patchOf<NodeDataByKind['message']>();
      return (
        <Section title="Message">
          <TextArea
            label="Text"
            rows={4}
            value={(data as NodeDataByKind['message']).text}
            onChange={(text) => patch((d) => ({ ...d, text }))}
            hint="{{slot}} is replaced by a captured value."
          />
        </Section>
      );
    }
    case 'question': {
      const q = data as QuestionData;
      // Several questions may fill one slot on different branches; say which, so a rename is deliberate.
      const sharing = draft.nodes
        .filter((n) => n.type === 'question' && n.id !== node.id && q.slot && (n.data as unknown as QuestionData).slot === q.slot)
        .map((n) => n.id);
      return <QuestionInspector data={q} patch={patchOf<QuestionData>()} sharing={sharing} />;
    }
    case 'router':
      return <RouterInspector data={data as RouterData} patch={patchOf<RouterData>()} intents={draft.intents} />;
    case 'condition':
      return <ConditionInspector data={data as ConditionData} patch={patchOf<ConditionData>()} slotNames={slotNames} />;
    case 'action':
      return <ActionInspector data={data as ActionData} patch={patchOf<ActionData>()} />;
    case 'handoff':
    case 'end': {
      const patch = patchOf<NodeDataByKind['end']>();
      return (
        <Section title={KIND_INFO[node.type].label}>
          <TextArea label="Text" value={(data as NodeDataByKind['end']).text} onChange={(text) => patch((d) => ({ ...d, text: text || undefined }))} />
        </Section>
      );
    }
  }
}

export function NodeInspector({ node, draft }: { node: BuilderNode; draft: Draft }) {
  const updateNodeData = useBuilderStore((s) => s.updateNodeData);
  const deleteNode = useBuilderStore((s) => s.deleteNode);
  const info = KIND_INFO[node.type];
  const label = typeof node.data.label === 'string' ? node.data.label : '';
  return (
    <div className="fb-inspector__node">
      <div className="fb-inspector__kind" style={{ '--kind': info.color } as CSSProperties}>
        <span className="fb-node__icon">
          <KindIcon kind={node.type} size={14} />
        </span>
        <div>
          <div className="fb-inspector__kind-label">{info.label}</div>
          <code className="fb-muted">{node.id}</code>
        </div>
        <button type="button" className="fb-btn fb-btn--danger fb-btn--small" onClick={() => deleteNode(node.id)}>
          <TrashIcon size={13} /> Delete
        </button>
      </div>
      <Section title="Node">
        <TextField
          label="Name on canvas"
          value={label}
          placeholder={info.label}
          onChange={(value) => updateNodeData(node.id, (d) => ({ ...d, label: value || undefined }))}
        />
      </Section>
      <KindFields node={node} draft={draft} />
    </div>
  );
}

import { useEffect, useId, useState, type ReactNode } from 'react';
import { PlusIcon } from './icons.tsx';

/** Small controlled form fields for the inspector. Every field has a real <label> so it has an accessible name. */

export function Field({ label, hint, children, htmlFor }: { label: string; hint?: ReactNode; children: ReactNode; htmlFor: string }) {
  return (
    <div className="fb-field">
      <label className="fb-field__label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {hint && <p className="fb-field__hint">{hint}</p>}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: ReactNode;
  placeholder?: string;
  mono?: boolean;
  invalid?: boolean;
}) {
  const id = useId();
  return (
    <Field label={props.label} hint={props.hint} htmlFor={id}>
      <input
        id={id}
        className={`fb-input${props.mono ? ' fb-input--mono' : ''}${props.invalid ? ' is-invalid' : ''}`}
        value={props.value ?? ''}
        placeholder={props.placeholder}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function TextArea(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: ReactNode;
  placeholder?: string;
  rows?: number;
}) {
  const id = useId();
  return (
    <Field label={props.label} hint={props.hint} htmlFor={id}>
      <textarea
        id={id}
        className="fb-input fb-textarea"
        rows={props.rows ?? 3}
        value={props.value ?? ''}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

function splitItems(text: string, separator: 'line' | 'comma'): string[] {
  return text
    .split(separator === 'line' ? '\n' : ',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A list edited as text (one item per line, or comma-separated). It keeps its own text while typing,
 * because re-deriving the text from the parsed list would eat the blank line or trailing comma just typed.
 */
export function ListField(props: {
  label: string;
  values: string[] | undefined;
  onChange: (values: string[]) => void;
  separator?: 'line' | 'comma';
  hint?: ReactNode;
  placeholder?: string;
  rows?: number;
  mono?: boolean;
}) {
  const separator = props.separator ?? 'line';
  const joiner = separator === 'line' ? '\n' : ', ';
  const values = props.values ?? [];
  const [text, setText] = useState(values.join(joiner));
  const id = useId();
  const key = JSON.stringify(values);
  useEffect(() => {
    // Resync only when the list changed from outside (another node selected, reset), not from our own typing.
    setText((current) => (JSON.stringify(splitItems(current, separator)) === key ? current : values.join(joiner)));
  }, [key, separator, joiner]); // `values` is covered by `key`; a new array each render must not reset the text.
  const onChange = (next: string) => {
    setText(next);
    props.onChange(splitItems(next, separator));
  };
  return (
    <Field label={props.label} hint={props.hint} htmlFor={id}>
      {separator === 'line' ? (
        <textarea
          id={id}
          className={`fb-input fb-textarea${props.mono ? ' fb-input--mono' : ''}`}
          rows={props.rows ?? Math.min(8, Math.max(3, values.length + 1))}
          value={text}
          placeholder={props.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          className={`fb-input${props.mono ? ' fb-input--mono' : ''}`}
          value={text}
          placeholder={props.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * A number input that lets the designer clear it and type freely; it reports a number (or undefined
 * when empty and `optional`) only when the text parses.
 */
export function NumberField(props: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  optional?: boolean;
  hint?: ReactNode;
  placeholder?: string;
}) {
  const id = useId();
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => {
    setText((current) => (current !== '' && Number(current) === props.value ? current : props.value === undefined ? '' : String(props.value)));
  }, [props.value]);
  return (
    <Field label={props.label} hint={props.hint} htmlFor={id}>
      <input
        id={id}
        type="number"
        className="fb-input fb-input--number"
        value={text}
        min={props.min}
        max={props.max}
        step={props.step}
        placeholder={props.placeholder}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') {
            if (props.optional) props.onChange(undefined);
            return;
          }
          const n = Number(next);
          if (Number.isFinite(n)) props.onChange(n);
        }}
      />
    </Field>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="fb-field fb-field--check">
      <div className="fb-check">
        <input id={id} type="checkbox" className="fb-switch" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
        <label htmlFor={id} className="fb-check__label">
          {props.label}
        </label>
      </div>
      {props.hint && <p className="fb-field__hint">{props.hint}</p>}
    </div>
  );
}

export function Select<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <Field label={props.label} hint={props.hint} htmlFor={id}>
      <select id={id} className="fb-input fb-select" value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="fb-section">
      <header className="fb-section__head">
        <h3 className="fb-section__title">{title}</h3>
        {actions}
      </header>
      <div className="fb-section__body">{children}</div>
    </section>
  );
}

/**
 * A one-line "new id" input with its add button (Enter adds too). The id is cleaned (spaces become
 * underscores) before `onAdd`; the field empties when `onAdd` accepts it (returns true).
 */
export function AddIdField({ label, buttonLabel, onAdd }: { label: string; buttonLabel: string; onAdd: (id: string) => boolean }) {
  const [value, setValue] = useState('');
  const add = () => {
    const id = value.trim().replace(/\s+/g, '_');
    if (id && onAdd(id)) setValue('');
  };
  return (
    <div className="fb-inline">
      <input
        className="fb-input fb-input--mono"
        aria-label={label}
        placeholder="new_intent_id"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
      />
      <button type="button" className="fb-btn fb-btn--small" onClick={add} disabled={!value.trim()}>
        <PlusIcon size={13} /> {buttonLabel}
      </button>
    </div>
  );
}

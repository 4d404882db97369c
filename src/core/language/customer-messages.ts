/**
 * Real customer messages from a team's chat logs (CSV or JSON, one message and its intent per row), read into
 * `FlowDocument.customerMessages`. They become customers' wording for their intents and never enter the router.
 */
import { formatMessage, type FlowstressErrorInfo } from '../errors.ts';
import type { CustomerMessage } from '../flow/types.ts';

export type CustomerMessagesResult = { ok: true; messages: CustomerMessage[] } | { ok: false; error: FlowstressErrorInfo };

/** Caps on an import: beyond them a file is almost certainly not a message export. */
export const MAX_CUSTOMER_MESSAGES = 20_000;
export const MAX_CUSTOMER_MESSAGE_LENGTH = 2_000;

const TEXT_COLUMNS = ['text', 'message', 'utterance', 'customer_message', 'query'];
const INTENT_COLUMNS = ['intent', 'label', 'intent_id', 'category'];

const fail = (detail: string): CustomerMessagesResult => ({ ok: false, error: { code: 'FS105', message: formatMessage('FS105', detail) } });

/** RFC 4180 CSV: quoted fields with doubled quotes and line breaks, comma or semicolon separated. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function check(messages: CustomerMessage[], where: (i: number) => string): CustomerMessagesResult {
  if (messages.length === 0) return fail('the file holds no messages');
  if (messages.length > MAX_CUSTOMER_MESSAGES) return fail(`the file holds ${messages.length} messages, more than the ${MAX_CUSTOMER_MESSAGES} allowed; keep a sample`);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.text.trim() === '') return fail(`${where(i)} has an empty text`);
    if (m.intent.trim() === '') return fail(`${where(i)} has no intent`);
    if (m.text.length > MAX_CUSTOMER_MESSAGE_LENGTH) return fail(`${where(i)} is ${m.text.length} characters long, more than ${MAX_CUSTOMER_MESSAGE_LENGTH}`);
  }
  return { ok: true, messages };
}

/**
 * Reads a file of real customer messages. JSON when it starts with `[` or `{` (an array of `{text, intent}`,
 * or `{ "messages": [...] }`), else CSV with a header row naming the text and intent columns.
 *
 * @example
 * parseCustomerMessages('text,intent\n"my card never came",card_not_arrived\n')
 * // { ok: true, messages: [{ text: 'my card never came', intent: 'card_not_arrived' }] }
 */
export function parseCustomerMessages(input: string): CustomerMessagesResult {
  const text = input.replace(/^\uFEFF/, '');
  const head = text.trimStart()[0];
  if (head === '[' || head === '{') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return fail(`the JSON does not parse (${e instanceof Error ? e.message : String(e)})`);
    }
    const list = Array.isArray(data) ? data : (data as { messages?: unknown }).messages;
    if (!Array.isArray(list)) return fail('the JSON is neither an array of messages nor an object with a "messages" array');
    const messages: CustomerMessage[] = [];
    for (let i = 0; i < list.length; i++) {
      const m = list[i] as Record<string, unknown> | null;
      if (m === null || typeof m !== 'object' || typeof m.text !== 'string' || typeof m.intent !== 'string') {
        return fail(`item ${i} is not an object with string "text" and "intent"`);
      }
      messages.push({ text: m.text, intent: m.intent });
    }
    return check(messages, (i) => `item ${i}`);
  }
  const rows = parseCsv(text);
  if (rows.length < 2) return fail('the CSV needs a header row and at least one message');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const ti = header.findIndex((h) => TEXT_COLUMNS.includes(h));
  const ii = header.findIndex((h) => INTENT_COLUMNS.includes(h));
  if (ti < 0 || ii < 0) return fail(`the CSV header "${rows[0].join(',')}" names no ${ti < 0 ? '"text"' : '"intent"'} column`);
  const messages = rows.slice(1).map((r) => ({ text: (r[ti] ?? '').trim(), intent: (r[ii] ?? '').trim() }));
  return check(messages, (i) => `row ${i + 2}`);
}

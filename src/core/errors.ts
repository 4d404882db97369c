/**
 * Every error and finding flowstress reports has a stable code and a message that says what to fix.
 * One registry, by range:
 * FS001-FS099 flow validation findings (tied to node/edge ids),
 * FS100-FS149 reading a flow document (parse/shape errors),
 * FS150-FS199 runtime and simulation (harness) errors,
 * FS200-FS249 history / IndexedDB,
 * FS250-FS299 workers,
 * FS300-FS349 command line,
 * FS350-FS399 installing and loading the package.
 */
export type Severity = 'error' | 'warning';

export interface FlowstressErrorInfo {
  code: string;
  message: string;
}

/** A problem found in a flow: numbered, located and actionable. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** JSON path into the document, for shape errors (e.g. `nodes[3].data.slot`). */
  path?: string;
}

/** Thrown at boundaries for programmer or input errors; failing conversations are results, never exceptions. */
export class FlowstressError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(`${code}: ${message}`);
    this.name = 'FlowstressError';
    this.code = code;
    this.details = details;
  }
}

export function isFlowstressError(e: unknown): e is FlowstressError {
  return e instanceof Error && (e as FlowstressError).name === 'FlowstressError' && typeof (e as FlowstressError).code === 'string';
}

/** Turns anything thrown into a plain `{code, message}` that can cross a worker boundary. */
export function toErrorInfo(e: unknown, fallbackCode = 'FS150'): FlowstressErrorInfo {
  if (isFlowstressError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: fallbackCode, message: `${fallbackCode}: ${e.message}` };
  return { code: fallbackCode, message: `${fallbackCode}: ${String(e)}` };
}

/**
 * The registry. Each entry: what went wrong and how to fix it. Messages are templates completed at the
 * point of use; `describeCode` gives the generic text (used by the README table and the CLI).
 */
export const ERROR_CODES = {
  // Flow validation findings (errors block a run; warnings do not).
  FS001: 'The flow has no start node: add exactly one node of type "start".',
  FS002: 'The flow has more than one start node: keep exactly one.',
  FS003: 'An edge points to a node that does not exist: reconnect or delete the edge.',
  FS004: 'A listening or branching node lacks an outgoing edge it needs: connect the missing handle.',
  FS005: 'An edge or router names an intent that is not defined in the flow: define the intent or fix the id.',
  FS006: 'A question node has no slot name: give it a slot to store the answer in.',
  FS007: 'A cycle never waits for the customer: put a question or router on the loop, or break it.',
  FS008: 'Two nodes share one id: give every node a unique id.',
  FS009: 'A question node has an invalid entity: check the entity type and its fields (pattern, options, example).',
  FS010: 'A node of kind start/message has more than one outgoing edge: keep one, or use a condition or router.',
  FS011: 'A global intent refers to an unknown intent or target node: fix the id.',
  FS012: 'An intent has no training phrases: add a few phrasings customers would use.',
  FS013: 'A router has no routes: list the intents or options it routes by.',
  FS014: 'A condition branch or edge handle is unknown: make edge handles match the branch ids (or "else").',
  FS015: 'An action node has no mock: say what the tool returns in a stress test (success, error or error rate).',
  FS016: 'A pattern example does not match its own pattern: fix the pattern or the example.',
  FS017: 'Two edges, intents, router routes or condition branches share one id: give each a unique id.',
  FS018: 'A node has several edges on one handle, so only one of them can ever be taken: keep one per handle.',
  FS019: 'A pattern could take very long to match (catastrophic backtracking) or is too large to compile: rewrite it as the message says; flowstress never runs such a pattern.',
  FS020: 'An id or name is one JavaScript objects reserve (__proto__, constructor, prototype, toString, valueOf, hasOwnProperty...): rename it.',
  FS050: 'A node cannot be reached from the start node: connect it or delete it.',
  FS051: 'A node is a dead end that is not an end or handoff: connect it onward or make it an end node.',
  FS052: 'A router has no no-match path: after its maxAttempts failed attempts (default 3) the flow gives up as its fallback setting says (handoff, or end as stuck); add a "no_match" edge to send those customers somewhere better.',
  FS053: 'An intent has very few training phrases (fewer than 3): add more phrasings or customers will not be understood.',
  FS054: 'A question node has no no-match path: after its maxAttempts failed attempts (default 3) the flow gives up as its fallback setting says (handoff, or end as stuck); add a "no_match" edge to send those customers somewhere better.',
  FS055: 'A condition tests a slot that no question or tool result fills: the branch can never see a value; fix the slot name.',
  FS056: 'A text or tool call uses a slot that no question or tool result fills: fix the slot name or add the question.',
  FS058: 'A customer message names an intent the flow does not define: it is not used; fix the intent id in the message file.',
  FS057: 'An edge leaves an end or handoff node, which ends the conversation: the edge is never taken; delete it.',
  // Reading a flow document.
  FS100: 'The flow file is not valid JSON: fix the syntax at the position given.',
  FS101: 'The flow document has the wrong shape: fix the field named in the message.',
  FS102: 'A node has an unknown type: use one of start, message, question, router, condition, action, handoff, end, or pass a mapping for your node types.',
  FS103: 'The flow file could not be read: check the path and permissions.',
  FS104: 'The flow has validation errors and cannot run: fix the findings listed.',
  FS105: 'The customer messages file is not usable: give CSV with a header naming a "text" and an "intent" column, or JSON [{"text": ..., "intent": ...}].',
  FS106: 'The flow document is over a size limit (file size, nodes, edges, intents, phrases, customer messages or text length): trim or split the flow; the limits are in the README.',
  FS107: 'The flow document is nested too deeply: objects and arrays may be nested at most 64 levels.',
  // Runtime and simulation.
  FS150: 'The simulation failed unexpectedly (a harness error, not a flow failure): the conversation is excluded from the scores.',
  FS151: 'A step was taken on a conversation that has already ended.',
  FS152: 'Unknown persona: use impatient, typo-prone, non-native, elderly or all.',
  FS153: 'The flow has no path from the start node to an end node that a customer could aim for.',
  FS154: 'Invalid batch size or seed: the batch size must be a whole number from 1 to 100000 and the seed a whole number.',
  FS155: 'Most conversations failed to run (harness errors, not flow failures): the run counts as failed and its scores are not a verdict; see the errors listed.',
  // History (IndexedDB).
  FS200: 'IndexedDB is not available in this browser (private mode or disabled): runs are kept in memory only for this session.',
  FS201: 'Storage is full: the run is kept in memory; delete old runs or prune stored transcripts to free space.',
  FS202: 'The history database upgrade is blocked by another tab with flowstress open: close the other tab to continue.',
  FS203: 'Another tab upgraded the history database: reload this tab to keep saving runs.',
  FS204: 'The history database connection was lost: it is reopened automatically; retry the action if it failed.',
  FS205: 'The import file is not a flowstress history export: nothing was imported.',
  FS206: 'Saving the run failed; nothing was written (a run is saved whole or not at all).',
  FS207: 'The run was not found in the history: it may have been deleted in another tab.',
  FS208: 'The history database was written by a newer version of flowstress: reload or update this page; until then runs are kept in memory only.',
  FS209: 'Reading or writing the history failed: retry; if it keeps failing, export your runs and clear the history.',
  FS210: 'The history was closed: create a new history to keep saving runs.',
  FS211: 'Some stored runs are damaged: they are listed as damaged in the history and can be deleted there; the other runs are unaffected.',
  FS212: 'The history database could not be upgraded to this version: the saved runs are untouched, and new runs are kept in memory for this session. Reload to retry.',
  FS213: 'Runs already in the history (same run id) were skipped by the import, never overwritten.',
  // Workers.
  FS250: 'A worker failed to start: check that the worker script is served (see README, "Hosting the worker").',
  FS251: 'A worker crashed while running conversations: they were retried on a fresh worker.',
  FS252: 'A worker stopped answering and was restarted: its conversations were retried.',
  FS253: 'The run was cancelled.',
  FS254: 'Web Workers are not available here: pass a worker factory, or run in a browser that supports module workers.',
  FS255: 'The worker has not loaded this flow (it was restarted, or the flow was evicted from its cache): the client reloads it and retries.',
  FS256: 'The stress client was disposed: create a new client to run more batches.',
  // Command line.
  FS300: 'Unknown command or option: run "flowstress --help" for usage.',
  FS301: 'A required argument is missing: see "flowstress --help".',
  FS302: 'An option value is invalid: check the number or name given.',
  // The package.
  FS350: 'flowstress is an ES module and cannot be loaded with require(): load it with import (in an ES module or a bundled app), or with await import("flowstress") from CommonJS; in Jest, run the tests as ES modules or transform flowstress.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The generic, actionable text for a code. */
export function describeCode(code: ErrorCode): string {
  return ERROR_CODES[code];
}

/**
 * Whether a run failed to run rather than scored (FS155): most of its conversations are harness errors, so
 * its scores stand on too few conversations to be a verdict. The CLI exits 3 and the panel says so instead
 * of showing the scores.
 */
export function failedToRun(scores: { errors: number; scored: number; outOfScope?: { total: number } }): boolean {
  return scores.errors > scores.scored + (scores.outOfScope?.total ?? 0);
}

/** Builds a finding or error message: "FS004: <specific detail>. <how to fix>". */
export function formatMessage(code: ErrorCode, detail?: string): string {
  return detail ? `${code}: ${detail}. ${ERROR_CODES[code]}` : `${code}: ${ERROR_CODES[code]}`;
}

/**
 * Every error and finding flowstress reports has a stable code and a message that says what to fix.
 * One registry, by range:
 * FS001-FS099 flow validation findings (tied to node/edge ids),
 * FS100-FS149 reading a flow document (parse/shape errors),
 * FS150-FS199 runtime and simulation (harness) errors,
 * FS200-FS249 history / IndexedDB,
 * FS250-FS299 workers,
 * FS300-FS349 command line.
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

import { formatMessage, type Finding } from '../core/errors.ts';
import { hasErrors, parseFlowText, validateFlow } from '../core/flow/index.ts';
import { FLOW_LIMITS } from '../core/flow/parse.ts';
import { flowHash } from '../core/flow/hash.ts';
import type { CustomerMessage, FlowDocument } from '../core/flow/types.ts';
import { parseCustomerMessages } from '../core/language/customer-messages.ts';
import { PERSONA_IDS, PERSONA_LABELS, type PersonaId } from '../core/personas/types.ts';
import { compileFlow } from '../core/runtime/compile.ts';
import { BAND_WORDS } from '../core/score/stats.ts';
import type { PersonaRunSummary, Rate } from '../core/score/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { ENGINE_VERSION } from '../core/version.ts';
import { DEFAULT_CONVERSATION_TIMEOUT_MS, runConversations } from './run-conversations.ts';
import { createRunAccumulator, runFailed } from './run-summary.ts';

/** What the CLI needs from its surroundings; injected so tests run it in-process. */
export interface CliIO {
  readFile(path: string): Promise<string>;
  /** Writes to stdout; a returned promise (the stream is full) is awaited before more is written. */
  stdout(text: string): void | Promise<unknown>;
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal (progress is redrawn in place). */
  isTTY?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_THRESHOLD = 1;
export const EXIT_BAD_INPUT = 2;
/** The run failed to run: most conversations of some persona were harness errors (FS155). */
export const EXIT_HARNESS = 3;

export const USAGE = `flowstress ${ENGINE_VERSION}: stress-test a conversational flow with simulated difficult customers.

Usage:
  flowstress run <flow.json> [--persona <id|all>] [--n <count>] [--seed <n>] [--json]
                 [--min-completion <x>] [--max-fallback-rate <y>] [--min-recovery <z>] [--max-turns <t>]
                 [--messages <file.csv|json>] [--out-of-scope <share>] [--timeout <s>] [--no-transcripts]
  flowstress validate <flow.json> [--json]

  --persona   impatient | typo-prone | non-native | elderly | all   (default all)
  --n         conversations per persona, 1-100000                    (default 50)
  --seed      whole number; the same flow, persona and seed give the same transcripts (default 1)
  --json      print the JSON report instead of the table
  thresholds  fractions (0.8) or percentages (80%); exit 1 when any persona misses one
  --max-turns customer turns before a conversation ends as max_turns (default 30)
  --messages  real customer messages (CSV with text,intent columns, or JSON [{text, intent}]): customers'
              wording for their intents, never added to the router (overrides the flow's customerMessages)
  --out-of-scope share of customers asking for what the flow does not handle, 0-1 (default 0.1)
  --timeout   seconds one conversation may run before it is stopped as a harness error, 1-600 (default 10)
  --no-transcripts  leave the turns out of the --json report (much smaller output for large runs)

Exit codes: 0 ok, 1 a threshold was missed (run) or the flow has errors (validate), 2 bad input,
3 the run failed: most conversations of a persona could not run (harness errors, FS155).`;

class CliError extends Error {}

interface RunOptions {
  file: string;
  personas: PersonaId[];
  n: number;
  seed: number;
  json: boolean;
  maxTurns?: number;
  minCompletion?: number;
  maxFallbackRate?: number;
  minRecovery?: number;
  messages?: string;
  outOfScope?: number;
  timeoutMs: number;
  transcripts: boolean;
}

function parseFraction(name: string, raw: string): number {
  const pct = raw.endsWith('%');
  const v = Number(pct ? raw.slice(0, -1) : raw);
  const f = pct ? v / 100 : v;
  if (raw.trim() === '' || !Number.isFinite(v) || f < 0 || f > 1) {
    throw new CliError(formatMessage('FS302', `--${name} must be a fraction from 0 to 1 (0.8) or a percentage (80%), got "${raw}"`));
  }
  return f;
}

function parseWhole(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!/^-?\d+$/.test(raw) || v < min || v > max) throw new CliError(formatMessage('FS302', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`));
  return v;
}

function parseRunArgs(args: string[]): RunOptions {
  const o: RunOptions = { file: '', personas: [...PERSONA_IDS], n: 50, seed: 1, json: false, timeoutMs: DEFAULT_CONVERSATION_TIMEOUT_MS, transcripts: true };
  const value = (i: number, name: string) => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new CliError(formatMessage('FS301', `--${name} needs a value`));
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (name: string) => {
      if (inline !== undefined) return inline;
      const v = value(i, name);
      i++;
      return v;
    };
    switch (flag) {
      case '--persona': {
        const p = take('persona');
        if (p === 'all') o.personas = [...PERSONA_IDS];
        else if ((PERSONA_IDS as readonly string[]).includes(p)) o.personas = [p as PersonaId];
        else throw new CliError(formatMessage('FS152', `"${p}" is not a persona`));
        break;
      }
      case '--n': o.n = parseWhole('n', take('n'), 1, 100000); break;
      case '--seed': o.seed = parseWhole('seed', take('seed'), 0, 2 ** 31 - 1); break;
      case '--max-turns': o.maxTurns = parseWhole('max-turns', take('max-turns'), 1, 1000); break;
      case '--json': o.json = true; break;
      case '--no-transcripts': o.transcripts = false; break;
      case '--timeout': o.timeoutMs = parseWhole('timeout', take('timeout'), 1, 600) * 1000; break;
      case '--min-completion': o.minCompletion = parseFraction('min-completion', take('min-completion')); break;
      case '--max-fallback-rate': o.maxFallbackRate = parseFraction('max-fallback-rate', take('max-fallback-rate')); break;
      case '--min-recovery': o.minRecovery = parseFraction('min-recovery', take('min-recovery')); break;
      case '--messages': o.messages = take('messages'); break;
      case '--out-of-scope': o.outOfScope = parseFraction('out-of-scope', take('out-of-scope')); break;
      default:
        if (a.startsWith('-')) throw new CliError(formatMessage('FS300', `unknown option "${a}"`));
        if (o.file) throw new CliError(formatMessage('FS300', `unexpected argument "${a}" (one flow file at a time)`));
        o.file = a;
    }
  }
  if (!o.file) throw new CliError(formatMessage('FS301', 'the flow file is missing: flowstress run <flow.json>'));
  return o;
}

function formatFinding(f: Finding): string {
  const where = f.nodeId ? ` [node ${f.nodeId}]` : f.edgeId ? ` [edge ${f.edgeId}]` : f.path ? ` [${f.path}]` : '';
  return `  ${f.severity === 'error' ? 'error  ' : 'warning'} ${f.message}${where}`;
}

async function loadFlow(file: string, io: CliIO): Promise<{ flow: FlowDocument; findings: Finding[] }> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    throw new CliError(formatMessage('FS103', `cannot read "${file}" (${(e as Error).message})`));
  }
  const parsed = parseFlowText(text);
  if (!parsed.ok) throw new CliError(`${file}: the flow cannot be read:\n${parsed.findings.map(formatFinding).join('\n')}`);
  return { flow: parsed.flow, findings: [...parsed.findings, ...validateFlow(parsed.flow)] };
}

async function loadMessages(file: string, io: CliIO): Promise<CustomerMessage[]> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    throw new CliError(formatMessage('FS105', `cannot read "${file}" (${(e as Error).message})`));
  }
  if (text.length > FLOW_LIMITS.fileChars) throw new CliError(formatMessage('FS106', `${file} is ${text.length} characters long, more than ${FLOW_LIMITS.fileChars}`));
  const parsed = parseCustomerMessages(text);
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.error.message}`);
  // The same limits as a flow's own customerMessages (they replace them).
  if (parsed.messages.length > FLOW_LIMITS.customerMessages) {
    throw new CliError(formatMessage('FS106', `${file} holds ${parsed.messages.length} messages, more than ${FLOW_LIMITS.customerMessages}`));
  }
  const long = parsed.messages.findIndex((m) => m.text.length > FLOW_LIMITS.phraseChars);
  if (long >= 0) throw new CliError(formatMessage('FS106', `message ${long + 1} of ${file} is ${parsed.messages[long].text.length} characters long, more than ${FLOW_LIMITS.phraseChars}`));
  return parsed.messages;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
function cell(r: Rate | null): string {
  if (!r) return 'n/a';
  return `${pct(r.value)} [${pct(r.low)}-${pct(r.high)}] ${BAND_WORDS[r.band]}`;
}

function table(flow: FlowDocument, hash: string, seed: number, runs: PersonaRunSummary[]): string {
  const head = ['Persona', 'n', 'Completion', 'Fallback rate', 'Off-topic recovery', 'Errors'];
  const failed = 'failed to run';
  const rows = runs.map((r) =>
    runFailed(r)
      ? [PERSONA_LABELS[r.persona], String(r.scores.scored), failed, failed, failed, String(r.scores.errors)]
      : [PERSONA_LABELS[r.persona], String(r.scores.scored), cell(r.scores.completion), cell(r.scores.fallbackRate), cell(r.scores.offTopicRecovery), String(r.scores.errors)],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [`${flow.name} (${flow.id}), flow hash ${hash.slice(0, 12)}, seed ${seed}, engine ${ENGINE_VERSION}`, '', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  // "Why" follows the blame ranking of core/score (rankNodes), as the panel's "why this score" and heatmap do.
  for (const r of runs) {
    const misroutes = r.misroutes ?? [];
    if (r.clusters.length === 0 && misroutes.length === 0) continue;
    out.push('', `Why (${PERSONA_LABELS[r.persona]}), where failures started, most to blame first:`);
    r.clusters.slice(0, 3).forEach((c, i) => out.push(`  ${i + 1}. ${c.summary} Example: conversation #${c.example}.`));
    for (const m of misroutes.slice(0, 3)) {
      const pairs = m.pairs.slice(0, 3).map((p) => `${p.wanted ?? '(nothing it offers)'} -> ${p.got} x${p.count}`).join(', ');
      out.push(`  Misrouted at ${m.nodeId}: ${m.count} (${pairs}).`);
    }
  }
  return out.join('\n');
}

/** Which thresholds each run misses, as readable lines. */
export function thresholdFailures(runs: PersonaRunSummary[], o: Pick<RunOptions, 'minCompletion' | 'maxFallbackRate' | 'minRecovery'>): string[] {
  const fails: string[] = [];
  for (const r of runs) {
    const name = PERSONA_LABELS[r.persona];
    const s = r.scores;
    if (o.minCompletion !== undefined && s.completion.value < o.minCompletion) fails.push(`${name}: completion ${pct(s.completion.value)} is below ${pct(o.minCompletion)}`);
    if (o.maxFallbackRate !== undefined && s.fallbackRate.value > o.maxFallbackRate) fails.push(`${name}: fallback rate ${pct(s.fallbackRate.value)} is above ${pct(o.maxFallbackRate)}`);
    if (o.minRecovery !== undefined && s.offTopicRecovery && s.offTopicRecovery.value < o.minRecovery) fails.push(`${name}: off-topic recovery ${pct(s.offTopicRecovery.value)} is below ${pct(o.minRecovery)}`);
  }
  return fails;
}

function rateJson(r: Rate) {
  return { value: r.value, low: r.low, high: r.high, band: r.band, successes: r.successes, total: r.total };
}

/** One conversation as the JSON report lists it. */
function conversationJson(c: ConversationResult, transcripts: boolean) {
  return {
    index: c.index,
    outcome: c.outcome,
    lastNodeId: c.lastNodeId,
    fallbacks: c.fallbacks,
    digressions: c.digressions,
    recovered: c.recovered,
    ...(c.error ? { error: c.error } : {}),
    ...(transcripts ? { turns: c.turns } : {}),
  };
}

/** The summary part of one persona's run in the JSON report. */
function summaryJson(s: PersonaRunSummary) {
  return {
    failed: runFailed(s),
    scores: {
      completion: rateJson(s.scores.completion),
      fallbackRate: rateJson(s.scores.fallbackRate),
      offTopicRecovery: s.scores.offTopicRecovery ? rateJson(s.scores.offTopicRecovery) : null,
      fallbackTurnsPerCustomerTurn: s.scores.fallbackTurnsPerCustomerTurn,
      scored: s.scores.scored,
      errors: s.scores.errors,
    },
    outcomes: s.outcomes,
    nodes: s.nodes,
    clusters: s.clusters,
  };
}

/**
 * The JSON report (documented in the README), built whole: for callers that hold the conversations anyway.
 * The CLI streams the same document (see `runCli`), one conversation at a time.
 */
export function toJsonReport(flow: FlowDocument, hash: string, runs: { summary: PersonaRunSummary; conversations: ConversationResult[] }[], transcripts = true) {
  return {
    flow: { id: flow.id, name: flow.name, hash },
    runs: runs.map(({ summary: s, conversations }) => ({
      persona: s.persona,
      n: s.n,
      seed: s.seed,
      engineVersion: s.engineVersion,
      conversations: conversations.map((c) => conversationJson(c, transcripts)),
      ...summaryJson(s),
    })),
  };
}

/** Collects output into chunks of about 64 kB and waits for the stream when it is full. */
function createOutput(io: CliIO) {
  let buffer = '';
  return {
    async write(text: string) {
      buffer += text;
      if (buffer.length >= 65536) await this.flush();
    },
    async flush() {
      if (buffer === '') return;
      const chunk = buffer;
      buffer = '';
      await io.stdout(chunk);
    },
  };
}

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE + '\n');
      return command === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${ENGINE_VERSION}\n`);
      return EXIT_OK;
    }
    if (command === 'validate') {
      const json = rest.includes('--json');
      const files = rest.filter((a) => a !== '--json');
      const unknown = files.find((a) => a.startsWith('-'));
      if (unknown) throw new CliError(formatMessage('FS300', `unknown option "${unknown}"`));
      if (files.length !== 1) throw new CliError(formatMessage('FS301', 'give one flow file: flowstress validate <flow.json>'));
      const { flow, findings } = await loadFlow(files[0], io);
      if (json) io.stdout(JSON.stringify({ flow: { id: flow.id, hash: flowHash(flow) }, findings }, null, 2) + '\n');
      else if (findings.length === 0) io.stdout(`${files[0]}: no findings.\n`);
      else io.stdout(`${files[0]}: ${findings.filter((f) => f.severity === 'error').length} error(s), ${findings.filter((f) => f.severity === 'warning').length} warning(s)\n${findings.map(formatFinding).join('\n')}\n`);
      return hasErrors(findings) ? EXIT_THRESHOLD : EXIT_OK;
    }
    if (command !== 'run') throw new CliError(formatMessage('FS300', `unknown command "${command}"`));
    const o = parseRunArgs(rest);
    const loaded = await loadFlow(o.file, io);
    const flow = o.messages ? { ...loaded.flow, customerMessages: await loadMessages(o.messages, io) } : loaded.flow;
    const findings = o.messages ? validateFlow(flow) : loaded.findings;
    if (hasErrors(findings)) {
      throw new CliError(`${formatMessage('FS104', `${o.file} has ${findings.filter((f) => f.severity === 'error').length} error(s)`)}\n${findings.filter((f) => f.severity === 'error').map(formatFinding).join('\n')}`);
    }
    const hash = flowHash(flow);
    // Compiled here once, so a flow the runtime cannot load is a clear error before any thread starts.
    compileFlow(flow, hash);
    const total = o.n * o.personas.length;
    const showProgress = total >= 500;
    let done = 0;
    let lastShown = -1;
    const out = createOutput(io);
    const simulation = { ...(o.maxTurns ? { maxTurns: o.maxTurns } : {}), ...(o.outOfScope !== undefined ? { outOfScopeShare: o.outOfScope } : {}) };
    const summaries: PersonaRunSummary[] = [];
    /** The first harness error of each persona, to say why a run failed. */
    const firstErrors = new Map<PersonaId, string>();
    let acc = createRunAccumulator(o.personas[0], o.n, o.seed, { flow });
    // The report is written as the conversations arrive: nothing but the running summary is held.
    if (o.json) await out.write(`{"flow":${JSON.stringify({ id: flow.id, name: flow.name, hash })},"runs":[`);
    const openRun = async (persona: PersonaId, first: boolean) => {
      if (o.json) await out.write(`${first ? '' : ','}{"persona":${JSON.stringify(persona)},"n":${o.n},"seed":${o.seed},"engineVersion":${JSON.stringify(ENGINE_VERSION)},"conversations":[`);
    };
    const closeRun = async () => {
      const summary = acc.summary();
      summaries.push(summary);
      if (o.json) await out.write(`],${JSON.stringify(summaryJson(summary)).slice(1)}`);
    };
    await openRun(o.personas[0], true);
    await runConversations({
      flow,
      hash,
      seed: o.seed,
      personas: o.personas,
      n: o.n,
      simulation,
      timeoutMs: o.timeoutMs,
      onResult: async (c) => {
        if (acc.count === o.n) {
          await closeRun();
          acc = createRunAccumulator(c.persona, o.n, o.seed, { flow });
          await openRun(c.persona, false);
        }
        if (o.json) await out.write(`${acc.count > 0 ? ',' : ''}${JSON.stringify(conversationJson(c, o.transcripts))}`);
        acc.add(c);
        if (c.error && !firstErrors.has(c.persona)) firstErrors.set(c.persona, c.error.message);
        done++;
        const tenth = Math.floor((done / total) * 10);
        if (showProgress && tenth !== lastShown) {
          lastShown = tenth;
          io.stderr(`${io.isTTY ? '\r' : ''}flowstress: ${done}/${total} conversations${io.isTTY ? '' : '\n'}`);
        }
      },
    });
    await closeRun();
    if (showProgress && io.isTTY) io.stderr('\n');
    if (o.json) await out.write(']}\n');
    else await out.write(table(flow, hash, o.seed, summaries) + '\n');
    await out.flush();
    const failedRuns = summaries.filter(runFailed);
    if (failedRuns.length > 0) {
      const lines = failedRuns.map((r) => {
        const errs = r.scores.errors;
        const first = firstErrors.get(r.persona);
        return `  - ${PERSONA_LABELS[r.persona]}: ${errs} of ${r.n} conversations failed to run${first ? ` (the first: ${first})` : ''}`;
      });
      io.stderr(`flowstress: ${formatMessage('FS155', `${failedRuns.length} persona run${failedRuns.length > 1 ? 's' : ''} failed`)}\n${lines.join('\n')}\n`);
      return EXIT_HARNESS;
    }
    const fails = thresholdFailures(summaries, o);
    if (fails.length > 0) {
      io.stderr(`flowstress: ${fails.length} threshold(s) missed:\n${fails.map((f) => `  - ${f}`).join('\n')}\n`);
      return EXIT_THRESHOLD;
    }
    return EXIT_OK;
  } catch (e) {
    const message = e instanceof CliError ? e.message : `${formatMessage('FS150', (e as Error).message ?? String(e))}`;
    io.stderr(`flowstress: ${message}\n`);
    return EXIT_BAD_INPUT;
  }
}

import { useEffect, useRef } from 'react';
import type { DigressionKind } from '../core/personas/types.ts';
import { failureOrigin } from '../core/score/blame.ts';
import type { FailureOrigin, OriginKind } from '../core/score/types.ts';
import type { RuntimeEvent } from '../core/runtime/types.ts';
import type { ConversationResult, Misroute, Turn } from '../core/simulate/types.ts';
import { compactPath, conversationNumber, endReason } from './conversation-helpers.ts';
import { OUTCOME_LABELS, plural } from './format.ts';

const DIGRESSION_WORDS: Record<DigressionKind, string> = {
  unrelated_question: 'unrelated question',
  small_talk: 'small talk',
  backstory: 'backstory',
  meta_request: 'meta request',
  slot_lookalike: 'slot look-alike',
  topic_switch: 'topic switch',
};

const ORIGIN_WORDS: Record<OriginKind, string> = {
  fallback: 'the bot did not understand them',
  hijack: 'an off-topic turn was taken as the answer',
  misroute: 'the router sent them somewhere they did not ask to go',
  asked_human: 'the customer asked for a person',
  ended: 'the conversation ended there',
};

export interface TranscriptViewerProps {
  conversation: ConversationResult;
  nodeLabel: (nodeId: string) => string;
  /** Short node names for the turn headers (defaults to nodeLabel). */
  nodeTag?: (nodeId: string) => string;
  onBack(): void;
  onSelectNode?: (nodeId: string) => void;
}

/**
 * One conversation, turn by turn. Every text is rendered as text (React escapes it): a customer who
 * types markup sees it shown, never run.
 */
export function TranscriptViewer({ conversation: c, nodeLabel, nodeTag = nodeLabel, onBack, onSelectNode }: TranscriptViewerProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [c.index, c.persona]);
  const path = compactPath(c.path);
  const digressionAt = new Map(c.digressions.map((d) => [d.turn, d]));
  const misroutesAt = new Map<number, Misroute[]>();
  for (const m of c.misroutes ?? []) misroutesAt.set(m.turn, [...(misroutesAt.get(m.turn) ?? []), m]);
  const origin = failureOrigin(c);

  return (
    <section className="fs-transcript" aria-labelledby={`fs-transcript-${c.persona}-${c.index}`}>
      <div className="fs-transcript__bar">
        <button type="button" className="fs-button fs-button--small" onClick={onBack}>
          <span aria-hidden="true">← </span>Conversations
        </button>
        <h4 className="fs-transcript__title" id={`fs-transcript-${c.persona}-${c.index}`} ref={headingRef} tabIndex={-1}>
          Conversation #{conversationNumber(c)}
        </h4>
        <span className={`fs-outcome fs-outcome--${c.outcome}`}>{OUTCOME_LABELS[c.outcome]}</span>
      </div>
      <p className="fs-transcript__end">{endReason(c, nodeLabel)}</p>
      {origin?.nodeId && (
        <p className="fs-transcript__origin">
          Went wrong at{' '}
          {onSelectNode ? (
            <button type="button" className="fs-link" onClick={() => onSelectNode(origin.nodeId!)}>
              “{nodeLabel(origin.nodeId)}”
            </button>
          ) : (
            <>“{nodeLabel(origin.nodeId)}”</>
          )}
          : {ORIGIN_WORDS[origin.kind]}
          {origin.kind === 'ended' || origin.kind === 'asked_human' ? '.' : ', and they never got past it.'}
        </p>
      )}
      <p className="fs-transcript__facts">
        {plural(c.customerTurns, 'customer turn')} · {plural(c.fallbacks, 'fallback')}
        {c.digressions.length > 0 && ` · ${plural(c.digressions.length, 'digression')}`}
        {c.goal && (
          <>
            {' '}
            · goal “{nodeLabel(c.goal.targetNodeId)}”
          </>
        )}
      </p>
      <details className="fs-transcript__path">
        <summary>Node path ({plural(path.length, 'step')})</summary>
        <ol className="fs-path">
          {path.map((id, i) => (
            <li key={`${id}-${i}`} className={id === c.lastNodeId && i === path.length - 1 ? 'fs-path__last' : undefined}>
              {onSelectNode ? (
                <button type="button" className="fs-link" onClick={() => onSelectNode(id)}>
                  {nodeLabel(id)}
                </button>
              ) : (
                nodeLabel(id)
              )}
            </li>
          ))}
        </ol>
      </details>
      <ol className="fs-turns" aria-label="Turns">
        {c.turns.map((t, i) => (
          <TurnItem key={i} turn={t} digression={digressionAt.get(i)} misroutes={misroutesAt.get(i)} origin={origin?.turn === i ? origin : undefined} nodeTag={nodeTag} />
        ))}
      </ol>
    </section>
  );
}

function TurnItem({
  turn,
  digression,
  misroutes,
  origin,
  nodeTag,
}: {
  turn: Turn;
  digression?: ConversationResult['digressions'][number];
  misroutes?: Misroute[];
  origin?: FailureOrigin;
  nodeTag: (id: string) => string;
}) {
  const fallbacks = turn.events.filter((e): e is Extract<RuntimeEvent, { type: 'fallback' }> => e.type === 'fallback');
  const matched = turn.events.find((e) => e.type === 'intent_matched' || e.type === 'option_matched' || e.type === 'global_intent');
  const bot = turn.speaker === 'bot';
  const tags: { text: string; kind: string; title?: string }[] = [];
  if (bot && fallbacks.length > 0) {
    const reason = fallbacks[0]!.reason === 'invalid_slot_value' ? 'invalid answer' : 'not understood';
    tags.push({ text: `Fallback: ${reason}`, kind: 'fallback' });
  }
  if (!bot && turn.truth?.digression) {
    tags.push({ text: `Off-topic: ${DIGRESSION_WORDS[turn.truth.digression]}`, kind: 'digression' });
  }
  if (digression?.hijacked) tags.push({ text: 'Hijacked: taken as an answer', kind: 'hijack' });
  for (const m of misroutes ?? []) {
    const wanted = m.wanted === null ? 'asked for nothing it offers' : `meant “${m.wanted}”`;
    tags.push({ text: `Misunderstood at ${nodeTag(m.nodeId)}: ${wanted}, routed as “${m.got}”`, kind: 'misroute' });
  }
  if (origin) tags.push({ text: 'Went wrong here', kind: 'origin', title: 'The first problem this conversation never recovered from' });
  else if (digression?.recovered) tags.push({ text: 'Recovered', kind: 'recovered' });
  if (bot && matched) {
    const what = matched.type === 'intent_matched' ? matched.intent : matched.type === 'option_matched' ? matched.option : matched.type === 'global_intent' ? `${matched.intent} (global)` : '';
    tags.push({ text: `matched ${what}`, kind: 'match', title: 'score' in matched ? `similarity ${matched.score.toFixed(2)}` : undefined });
  }
  const meant = !bot && turn.truth && turn.truth.clean && turn.truth.clean !== turn.text ? turn.truth.clean : null;
  const marked = tags.some((t) => t.kind === 'fallback' || t.kind === 'hijack' || t.kind === 'misroute');

  return (
    <li className={`fs-turn fs-turn--${turn.speaker}${marked ? ' fs-turn--marked' : ''}${tags.some((t) => t.kind === 'digression') ? ' fs-turn--digression' : ''}${origin ? ' fs-turn--origin' : ''}`}>
      <span className="fs-turn__who">
        {bot ? 'Bot' : 'Customer'}
        {turn.nodeId && <span className="fs-turn__node"> · {nodeTag(turn.nodeId)}</span>}
      </span>
      <p className="fs-turn__text">{turn.text}</p>
      {meant && (
        <p className="fs-turn__meant">
          <span className="fs-turn__meant-label">Meant:</span> {meant}
        </p>
      )}
      {tags.length > 0 && (
        <ul className="fs-tags" aria-label="Marks">
          {tags.map((t) => (
            <li key={t.text} className={`fs-tag fs-tag--${t.kind}`} title={t.title}>
              {t.text}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

import { useId } from 'react';
import { failedToRun } from '../core/errors.ts';
import type { Rate } from '../core/score/types.ts';
import { rateOf } from '../store/compare-runs.ts';
import type { ShownRun } from '../store/selectors.ts';
import type { MetricKey, RunComparison } from '../store/types.ts';
import { ConfirmPanel } from './ConfirmPanel.tsx';
import { BAND_WORDS, formatDelta, formatInterval, formatPercent, VERDICT_GLYPHS, VERDICT_WORDS } from './format.ts';
import { VerdictSummary } from './VerdictSummary.tsx';

const CARDS: { metric: MetricKey; title: string; help: string }[] = [
  { metric: 'completion', title: 'Completion', help: 'Conversations that reached the end the customer came for. Higher is better.' },
  { metric: 'fallbackRate', title: 'Fallback rate', help: 'Conversations in which the bot failed to understand at least once. Lower is better.' },
  {
    metric: 'offTopicRecovery',
    title: 'Off-topic recovery',
    help: 'Of the conversations where the customer wandered off-topic, those the bot brought back and still finished. Higher is better.',
  },
];

/**
 * The scores of a run: the verdict at a glance (headline and persona x score grid for its batch), then the
 * three cards (value, band as colour and word, 95% interval, change since the previous run), then what this
 * batch size can detect and the Confirm action.
 */
export function ScoreCards({ run, comparison }: { run: ShownRun; comparison: RunComparison | undefined }) {
  // Most conversations could not run (FS155): scores over the few that did would read as a verdict.
  if (failedToRun(run.summary.scores)) return <RunFailed errors={run.summary.scores.errors} total={run.summary.scores.errors + run.summary.scores.scored + (run.summary.scores.outOfScope?.total ?? 0)} />;
  return (
    <>
      <VerdictSummary run={run} />
      <div className="fs-scores">
        {CARDS.map((c) => (
          <ScoreCard key={c.metric} title={c.title} help={c.help} rate={rateOf(run.summary.scores, c.metric)} metric={c.metric} comparison={comparison} />
        ))}
      </div>
      <ConfirmPanel run={run} />
    </>
  );
}

function RunFailed({ errors, total }: { errors: number; total: number }) {
  return (
    <p className="fs-notice fs-notice--error" role="alert">
      <span>
        <strong>Failed to run.</strong> {errors} of {total} conversations could not run (harness errors, not flow failures), so
        these results are no verdict; the conversations below say why. <span className="fs-notice__code">FS155</span>
      </span>
    </p>
  );
}

function ScoreCard({ title, help, rate, metric, comparison }: { title: string; help: string; rate: Rate | null; metric: MetricKey; comparison?: RunComparison }) {
  const id = useId();
  const band = rate?.band ?? 'none';
  return (
    <section className={`fs-score fs-score--${band}`} aria-labelledby={`${id}-t`} aria-describedby={`${id}-h`}>
      <h4 className="fs-score__title" id={`${id}-t`} title={help}>
        {title}
      </h4>
      <span id={`${id}-h`} className="fs-visually-hidden">
        {help}
      </span>
      <p className="fs-score__figure">
        {rate ? (
          <>
            <span className="fs-score__number">{formatPercent(rate.value)}</span>
            <span className={`fs-band fs-band--${rate.band}`}>{BAND_WORDS[rate.band]}</span>
          </>
        ) : (
          <span className="fs-score__number fs-score__number--na">n/a</span>
        )}
      </p>
      <p className="fs-score__detail">
        {rate ? (
          <>
            {rate.successes} of {rate.total} · <span className="fs-visually-hidden">95% interval </span>
            <abbr title="95% Wilson interval" className="fs-score__ci-label" aria-hidden="true">
              95% CI
            </abbr>{' '}
            <span className="fs-nowrap">{formatInterval(rate)}</span>
          </>
        ) : (
          'No customer went off-topic'
        )}
      </p>
      <DeltaLine metric={metric} comparison={comparison} />
    </section>
  );
}

function DeltaLine({ metric, comparison }: { metric: MetricKey; comparison?: RunComparison }) {
  if (!comparison) return <p className="fs-score__delta fs-score__delta--none">first run</p>;
  const m = comparison.metrics[metric];
  const against = comparison.sameFlow || !comparison.previousVersionLabel ? 'vs last run' : `vs ${comparison.previousVersionLabel}`;
  if (m.delta === null) return <p className="fs-score__delta fs-score__delta--none">n/a {against}</p>;
  return (
    <p className={`fs-score__delta${m.verdict ? ` fs-score__delta--${m.verdict}` : ''}`}>
      <span className="fs-score__delta-value">
        {formatDelta(m.delta)} {against}
      </span>{' '}
      {m.verdict ? (
        <span className="fs-verdict" title={m.pValue !== null ? `McNemar exact test, p = ${m.pValue.toFixed(3)}` : undefined}>
          <span aria-hidden="true">{VERDICT_GLYPHS[m.verdict]} </span>
          {VERDICT_WORDS[m.verdict]}
        </span>
      ) : comparison.status === 'pending' ? (
        <span className="fs-verdict fs-verdict--pending">testing…</span>
      ) : (
        <span className="fs-verdict fs-verdict--unpaired" title={comparison.note ?? undefined}>
          not paired
        </span>
      )}
    </p>
  );
}

// The two runs of one comparison side by side: discrete decoding and multiplex thinking on the
// same problem and seed, each with its thinking and answer text, the verifier's verdict, the
// thinking length and the tokens generated.
import type { FinishReason } from '../../../engine/api.ts';
import type { Comparison, RunOutcome } from '../../store/multiplexStore.ts';
import { TokenText } from '../TokenText.tsx';

const FINISH: Record<FinishReason, string> = {
  eos: 'ended with <eos>',
  stop: 'stopped at a stop string',
  length: 'hit max new tokens',
  context: 'hit the context length',
  cancelled: 'cancelled',
  nonFinite: 'stopped: non-finite logits',
};

function splitThinking(text: string): { thinking: string; answer: string | null } {
  const end = text.indexOf('</think>');
  return end < 0
    ? { thinking: text, answer: null }
    : { thinking: text.slice(0, end), answer: text.slice(end + '</think>'.length) };
}

function RunColumn({ title, run, testId }: { title: string; run: RunOutcome; testId: string }) {
  const { thinking, answer } = splitThinking(run.text);
  const correct = run.verdict.reward === 1;
  return (
    <section className="run-column" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      <p className="run-verdict" data-testid="verdict">
        <span className={`badge ${correct ? 'badge-ok' : 'badge-error'}`}>
          {correct ? 'correct' : 'wrong'}
        </span>
        {!correct && <span className="small">{run.verdict.reason}</span>}
      </p>
      <p className="small run-facts">
        thinking <strong>{run.thinkingSteps}</strong> tokens · generated <strong>{run.tokens.length}</strong>{' '}
        tokens · {FINISH[run.finish]}
      </p>
      <div className="small muted">thinking</div>
      <TokenText text={`<think>${thinking}${answer === null ? '' : '</think>'}`} />
      <div className="small muted">answer</div>
      {answer === null ? (
        <p className="small muted">none: thinking did not end within the token budget.</p>
      ) : (
        <TokenText text={answer} />
      )}
    </section>
  );
}

/** The first step at which the two runs' tokens differ, or null when they are the same. */
function firstDifference(x: readonly number[], y: readonly number[]): number | null {
  const at = x.findIndex((token, t) => token !== y[t]);
  if (at >= 0) return at;
  return x.length === y.length ? null : x.length;
}

export function RunColumns({ comparison }: { comparison: Comparison }) {
  const { width, merge } = comparison.request.multiplex;
  const parted = firstDifference(comparison.discrete.tokens, comparison.multiplex.tokens);
  return (
    <>
      <p className="small" data-testid="runs-parted">
        {parted === null
          ? 'The two runs generated the same tokens.'
          : `The two runs agree on the first ${parted} tokens and part at token ${parted + 1}.`}
      </p>
      <div className="run-columns">
        <RunColumn title="Discrete (K = 1)" run={comparison.discrete} testId="run-discrete" />
        <RunColumn
          title={`Multiplex (K = ${width}, ${merge})`}
          run={comparison.multiplex}
          testId="run-multiplex"
        />
      </div>
    </>
  );
}

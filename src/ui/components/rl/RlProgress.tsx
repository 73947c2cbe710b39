// The RL page's run summary: before a run, what GRPO does and a measured run to load (RlIntro, in
// the centre); during and after one, its settings, the latest step's reward and timings, the
// held-out accuracy at step 0 and now with 95% intervals, the KL to the start model, and the
// retention panel (RetentionPanel.tsx) (RlProgress, the page's metrics).
import { Link } from 'wouter';
import { useRlStore } from '../../store/rlStore.ts';
import { useStorageStore } from '../../store/storageStore.ts';
import { Notices } from '../ErrorPanel.tsx';
import { etaText, RunHeading } from '../RunControls.tsx';
import { RetentionPanel } from './RetentionPanel.tsx';
import { overallAccuracy } from './RlCharts.tsx';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Before a run: what GRPO does here, and a measured run to load. */
export function RlIntro() {
  const run = useRlStore((s) => s.run);
  if (run) return null;
  return (
    <section className="panel">
      <h2>No run yet</h2>
      <p className="muted">
        GRPO samples G answers to each prompt, scores them with the task's verifier, and pushes the policy
        toward the answers that beat their group's mean. Choose a level the model half-solves (the held-out
        accuracy at step 0 tells you), then start. On SwiftShader (no GPU) a step of 8 prompts × 8 samples
        takes about two seconds.
      </p>
      <p className="muted">
        Every evaluation also re-checks the <strong>retention panel</strong>: the skills the model already had
        (by default, those its card says it solved), greedy, so a gain on the task that breaks them shows. A
        share of each step's prompts can replay those skills (settings, retention).
      </p>
      <p>
        Measured on lab-base: 3-digit × 1-digit multiplication, a length it never saw in training, starts at 0
        of 200 held-out problems and reaches 187 of 200 after 80 steps (38.5 minutes of training in the
        published grpo benchmark).{' '}
        <Link href="/rl?difficulty=3&ops=mul&mode=think&G=16&max=96&steps=80&evalEvery=20">
          Load that run's settings
        </Link>
        .
      </p>
    </section>
  );
}

export function RlProgress() {
  const { phase, run, points, evals, progress, checkpoint, message } = useRlStore();
  const held = useStorageStore((s) => s.held.grpo);
  if (!run) {
    return (
      <section className="panel metrics">
        <h2>Measured</h2>
        <p className="muted">
          Start a run to measure: reward per step, and held-out accuracy with its interval.
        </p>
      </section>
    );
  }
  const settings = run.settings;
  const total = settings.steps;
  const last = points.at(-1);
  const step = last?.step ?? 0;
  const first = evals[0] ? overallAccuracy(evals[0]) : null;
  const latest = evals.length > 1 ? overallAccuracy(evals[evals.length - 1]) : null;
  const task = settings.task;
  return (
    <section className="panel metrics" data-testid="rl-progress">
      <RunHeading
        phase={phase}
        step={step}
        total={total}
        checkpointStep={checkpoint?.run.step ?? null}
        held={held}
      />
      <p className="small">
        From <strong>{run.start.model}</strong> on level {task.difficulty} ({task.ops.join(', ')},{' '}
        {task.mode.replace('_', '-')}), {settings.promptsPerStep} prompts × G {settings.groupSize},{' '}
        {settings.multiplex
          ? `multiplex rollouts (K ${settings.multiplex.width}, ${settings.multiplex.merge})`
          : 'discrete rollouts'}
        , lr {settings.lr}
        {settings.replayShare ? `, replay ${Math.round(100 * settings.replayShare)}% of prompts` : ''}, seed{' '}
        {settings.seed}.
      </p>
      {last && (
        <p>
          reward <strong data-testid="rl-reward">{last.meanReward.toFixed(2)}</strong> (
          {last.informativeGroups} of {settings.promptsPerStep} groups informative) · step{' '}
          {seconds(last.rolloutMs + last.scoringMs + last.updateMs)}: rollout {seconds(last.rolloutMs)},
          scoring {seconds(last.scoringMs)}, update {seconds(last.updateMs)}
          {etaText(phase, progress)}
        </p>
      )}
      {first && (
        <p data-testid="rl-accuracy">
          held-out accuracy at step 0: {((100 * first.correct) / first.n).toFixed(1)}% ({first.correct}/
          {first.n}, 95% {(100 * first.low).toFixed(1)}–{(100 * first.high).toFixed(1)}%)
          {latest && (
            <>
              {' '}
              → at step {evals[evals.length - 1].step}: {((100 * latest.correct) / latest.n).toFixed(1)}% (
              {(100 * latest.low).toFixed(1)}–{(100 * latest.high).toFixed(1)}%)
            </>
          )}
        </p>
      )}
      {last && last.kl !== null && (
        <p data-testid="rl-kl">
          KL to the start model: <strong>{last.kl.toPrecision(2)}</strong> per token (
          {settings.klCoef > 0 ? settings.klKind : 'k3'}
          {settings.klCoef > 0 ? `, penalised at β ${settings.klCoef}` : ', not penalised'})
        </p>
      )}
      <RetentionPanel evals={evals} panelSize={settings.retention?.categories.length ?? 0} />
      {message && <Notices messages={[message]} />}
    </section>
  );
}

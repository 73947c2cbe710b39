// Trainer page: supervised fine-tuning on our kernels, in this browser. Choose the model (a seeded
// random init of a preset shape, or the loaded model), the arithmetic task mix and the
// optimisation settings; watch the loss and the held-out greedy accuracy per category; pause,
// resume (also after a reload: the run lives in IndexedDB), cancel; download the model as a
// Hugging Face folder or use it on the other pages. Every control is in the URL.
import { useEffect } from 'react';
import {
  type FreshJobRequest,
  MODEL_PRESETS,
  type ModelPreset,
  type SftJobSettings,
} from '../../engine/api.ts';
import { RunBundleBanner, RunBundleBar } from '../components/bundle/RunBundleBar.tsx';
import { Notices } from '../components/ErrorPanel.tsx';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { MethodPage } from '../components/page/MethodPage.tsx';
import { etaText, RunButtons, RunHeading } from '../components/RunControls.tsx';
import { TrainedModelActions } from '../components/TrainedModelActions.tsx';
import { AccuracyChart, LossChart } from '../components/trainer/TrainingCharts.tsx';
import { isBusy } from '../store/runStore.ts';
import { useStorageStore } from '../store/storageStore.ts';
import { useTrainerStore } from '../store/trainerStore.ts';
import { enumParam, floatParam, intParam, useUrlParams } from '../url.ts';

const PRESETS = Object.keys(MODEL_PRESETS) as ModelPreset[];
const PARAMS = {
  from: enumParam<'random' | 'loaded'>('random', ['random', 'loaded']),
  preset: enumParam<ModelPreset>('tiny', PRESETS),
  seed: intParam(1, 0, 2 ** 31 - 1),
  steps: intParam(60, 1, 100_000),
  lr: floatParam(3e-3, 1e-6, 1),
  warmup: intParam(10, 0, 100_000),
  batch: intParam(16, 1, 256),
  rows: intParam(64, 8, 4096),
  accum: intParam(1, 1, 64),
  evalEvery: intParam(20, 0, 100_000),
  evalN: intParam(20, 1, 1000),
  add: floatParam(35, 0, 100),
  sub: floatParam(25, 0, 100),
  mul: floatParam(40, 0, 100),
  digits: intParam(2, 1, 4),
  think: floatParam(75, 0, 100),
  nothink: floatParam(15, 0, 100),
  budget: floatParam(10, 0, 100),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function settingsOf(v: Values): SftJobSettings {
  return {
    training: {
      steps: v.steps,
      B: v.batch,
      T: v.rows,
      accumulation: v.accum,
      peakLr: v.lr,
      warmupSteps: v.warmup,
      minLrRatio: 0.1,
      adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 },
      evalEvery: v.evalEvery,
      checkpointMinutes: 1,
      seed: v.seed,
    },
    mix: {
      add: v.add,
      sub: v.sub,
      mul: v.mul,
      maxDigits: v.digits,
      think: v.think,
      noThink: v.nothink,
      budget: v.budget,
    },
    eval: {
      perCategory: v.evalN,
      finalPerCategory: v.evalN,
      modes: ['think', 'no_think'],
      maxNewTokens: 110,
      batch: 64,
    },
  };
}

/** The page's values of a run's settings and start: the inverse of settingsOf. */
function valuesOf(settings: SftJobSettings, start: FreshJobRequest<'sft'>['start']): Partial<Values> {
  const { training: t, mix } = settings;
  return {
    ...(start.from === 'random' ? { from: 'random', preset: start.preset } : { from: 'loaded' }),
    seed: t.seed,
    steps: t.steps,
    lr: t.peakLr,
    warmup: t.warmupSteps,
    batch: t.B,
    rows: t.T,
    accum: t.accumulation,
    evalEvery: t.evalEvery,
    evalN: settings.eval.perCategory,
    add: mix.add,
    sub: mix.sub,
    mul: mix.mul,
    digits: mix.maxDigits,
    think: mix.think,
    nothink: mix.noThink,
    budget: mix.budget,
  };
}

function Controls() {
  const { values, set } = useUrlParams(PARAMS);
  const { phase, run, checkpoint, start, resume, pause, cancel } = useTrainerStore();
  const busy = isBusy(phase);
  const { number: field } = fieldMaker({ specs: PARAMS, values, set, disabled: busy });
  return (
    <aside className="controls controls-static panel" aria-label="training settings">
      <label>
        start from
        <select
          value={values.from}
          disabled={busy}
          onChange={(e) => set({ from: e.target.value as Values['from'] })}
        >
          <option value="random">a seeded random init</option>
          <option value="loaded">the loaded model</option>
        </select>
      </label>
      {values.from === 'random' && (
        <label>
          model size
          <select
            value={values.preset}
            disabled={busy}
            onChange={(e) => set({ preset: e.target.value as ModelPreset })}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {MODEL_PRESETS[p].label}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="field-group">
        <legend>task mix: weights of operations and formats</legend>
        {field('add', 'add')}
        {field('sub', 'subtract')}
        {field('mul', 'multiply')}
        {field('digits', 'max digits')}
        {field('think', 'think')}
        {field('nothink', 'no-think')}
        {field('budget', 'budget')}
      </fieldset>
      <fieldset className="field-group">
        <legend>optimisation</legend>
        {field('steps', 'steps')}
        {field('lr', 'peak lr', 0.0005)}
        {field('warmup', 'warm-up')}
        {field('batch', 'rows')}
        {field('rows', 'row length')}
        {field('accum', 'micro-batches')}
        {field('seed', 'seed')}
      </fieldset>
      <fieldset className="field-group">
        <legend>held-out evaluation (greedy)</legend>
        {field('evalEvery', 'every N steps')}
        {field('evalN', 'per category')}
      </fieldset>
      <RunButtons
        phase={phase}
        startLabel={run ? 'Start a new run' : 'Start training'}
        canStart={!busy}
        resumeStep={checkpoint ? checkpoint.run.step : null}
        onStart={() =>
          void start(
            values.from === 'loaded'
              ? { from: 'loaded' }
              : { from: 'random', preset: values.preset, seed: values.seed },
            settingsOf(values),
          )
        }
        onPause={() => void pause()}
        onResume={() => void resume()}
        onCancel={() => void cancel()}
      />
    </aside>
  );
}

/** Before a run: what training does here and how fast it goes. */
function Intro() {
  const run = useTrainerStore((s) => s.run);
  if (run) return null;
  return (
    <section className="panel">
      <h2>No run yet</h2>
      <p className="muted">
        Choose a model and a mix, then start. The model learns arithmetic with a digit-by-digit chain of
        thought (loss on the answer part only); every few steps it answers held-out problems greedily. On
        SwiftShader (no GPU) the tiny model trains at a few thousand positions per second, the base model at
        about a thousand.
      </p>
    </section>
  );
}

function Progress() {
  const { phase, run, points, progress, checkpoint, message } = useTrainerStore();
  const held = useStorageStore((s) => s.held.sft);
  if (!run) {
    return (
      <section className="panel metrics">
        <h2>Measured</h2>
        <p className="muted">Start a run to measure: loss per step, and held-out accuracy per category.</p>
      </section>
    );
  }
  const total = run.settings.training.steps;
  const last = points.at(-1);
  const step = last?.step ?? 0;
  return (
    <section className="panel metrics" data-testid="trainer-progress">
      <RunHeading
        phase={phase}
        step={step}
        total={total}
        checkpointStep={checkpoint?.run.step ?? null}
        held={held}
      />
      {last && (
        <p>
          loss <strong data-testid="trainer-loss">{last.loss.toFixed(4)}</strong> ·{' '}
          {last.tokensPerSecond.toFixed(0)} positions/s · {(last.tokens / 1e6).toFixed(2)} M positions seen
          {etaText(phase, progress)}
        </p>
      )}
      {message && <Notices messages={[message]} />}
    </section>
  );
}

function ModelActions() {
  const { phase, job, download, adoptModel } = useTrainerStore();
  if (!job || isBusy(phase)) return null;
  return <TrainedModelActions defaultName="trained-model" download={download} adoptModel={adoptModel} />;
}

export function TrainerPage() {
  const { problems, set } = useUrlParams(PARAMS);
  const { error, restore } = useTrainerStore();
  useEffect(() => {
    void restore();
  }, [restore]);
  return (
    <MethodPage
      method="sft"
      title="Trainer"
      lead="Supervised fine-tuning on our WGSL kernels: forward, backward and AdamW on this machine's GPU, nothing on a server."
      problems={problems}
      error={error && { title: 'Training could not run', error }}
      controls={<Controls />}
      mechanism={
        <>
          <RunBundleBanner
            store={useTrainerStore}
            copySettings={(settings, start) => set(valuesOf(settings, start))}
          />
          <Intro />
          <LossChart />
          <AccuracyChart />
          <ModelActions />
          <RunBundleBar store={useTrainerStore} />
        </>
      }
      metrics={<Progress />}
    />
  );
}

// RL page: GRPO on our kernels, in this browser, from the loaded model. Choose the task (the
// arithmetic world's level, operations and reasoning mode), the group size, prompts per step,
// discrete or Multiplex Thinking rollouts (K merged draws per thinking step), learning rate, clip
// range, KL coefficient, max new tokens and steps; watch reward, held-out accuracy, length,
// entropy, KL and clip fraction live; inspect the latest step's rollouts token by token; pause, resume (also after a reload: the run lives in IndexedDB), cancel; download the
// policy or use it on the other pages. Every control is in the URL.
import { useEffect } from 'react';
import {
  DEFAULT_GRPO,
  type GrpoJobSettings,
  MAX_MULTIPLEX_WIDTH,
  MERGE_MODES,
  type MergeMode,
} from '../../engine/api.ts';
import { ErrorPanel, Notices } from '../components/ErrorPanel.tsx';
import { GpuGate } from '../components/GpuGate.tsx';
import { MethodNoteLink } from '../components/MethodNoteLink.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { RunButtons } from '../components/RunControls.tsx';
import { RlCharts } from '../components/rl/RlCharts.tsx';
import { RlProgress } from '../components/rl/RlProgress.tsx';
import { RolloutInspector } from '../components/rl/RolloutInspector.tsx';
import { TrainedModelActions } from '../components/TrainedModelActions.tsx';
import { useModelStore } from '../store/modelStore.ts';
import { useRlStore } from '../store/rlStore.ts';
import { isBusy } from '../store/runStore.ts';
import { enumParam, floatParam, intParam, listParam, numberSpec, useUrlParams } from '../url.ts';

const OPS = ['add', 'sub', 'mul'] as const;
const D = DEFAULT_GRPO;
const PARAMS = {
  difficulty: intParam(D.task.difficulty, 1, 4),
  ops: listParam(D.task.ops, OPS),
  mode: enumParam<'think' | 'no_think'>(D.task.mode, ['think', 'no_think']),
  G: intParam(D.groupSize, 2, 64),
  prompts: intParam(D.promptsPerStep, 1, 64),
  steps: intParam(D.steps, 1, 100_000),
  lr: floatParam(D.lr, 1e-8, 1),
  warmup: intParam(D.warmupSteps, 0, 100_000),
  epsLow: floatParam(D.epsLow, 0, 1),
  epsHigh: floatParam(D.epsHigh, 0, 10),
  dualClip: floatParam(D.dualClip ?? 0, 0, 100),
  kl: floatParam(D.klCoef, 0, 100),
  klKind: enumParam<'k1' | 'k3'>(D.klKind, ['k1', 'k3']),
  maxNew: intParam(D.maxNewTokens, 1, 256),
  temperature: floatParam(D.temperature, 0.05, 5),
  topP: floatParam(D.topP, 0.01, 1),
  K: intParam(1, 1, MAX_MULTIPLEX_WIDTH),
  merge: enumParam<MergeMode>('reweighted', MERGE_MODES),
  updates: intParam(D.updatesPerBatch, 1, 16),
  aggregation: enumParam<'token-mean' | 'sequence-mean'>(D.aggregation, ['token-mean', 'sequence-mean']),
  advantage: enumParam<'mean-std' | 'mean'>(D.scaleByStd ? 'mean-std' : 'mean', ['mean-std', 'mean']),
  evalEvery: intParam(D.evalEvery, 0, 100_000),
  heldOut: intParam(D.heldOut, 1, 2000),
  seed: intParam(D.seed, 0, 2 ** 31 - 1),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function settingsOf(v: Values): GrpoJobSettings {
  return {
    ...DEFAULT_GRPO,
    task: { difficulty: v.difficulty, ops: v.ops, mode: v.mode },
    steps: v.steps,
    promptsPerStep: v.prompts,
    groupSize: v.G,
    maxNewTokens: v.maxNew,
    temperature: v.temperature,
    topP: v.topP,
    lr: v.lr,
    warmupSteps: v.warmup,
    epsLow: v.epsLow,
    epsHigh: v.epsHigh,
    dualClip: v.dualClip > 0 ? v.dualClip : null,
    klCoef: v.kl,
    klKind: v.klKind,
    aggregation: v.aggregation,
    scaleByStd: v.advantage === 'mean-std',
    updatesPerBatch: v.updates,
    evalEvery: v.evalEvery,
    heldOut: v.heldOut,
    seed: v.seed,
    ...(v.K > 1 ? { multiplex: { width: v.K, merge: v.merge } } : {}),
  };
}

const LEVELS = ['1 digit (×: 1×1)', '2 digits (×: 2×1)', '3 digits (×: 3×1)', '4 digits (×: 2×2)'];

function Controls() {
  const { values, set } = useUrlParams(PARAMS);
  const { phase, run, checkpoint, start, resume, pause, cancel } = useRlStore();
  const model = useModelStore((s) => s.info);
  const busy = isBusy(phase);
  const field = (name: keyof Values & string, label: string, step = 1, title?: string) => (
    <NumberField
      key={name}
      spec={numberSpec(PARAMS, name)}
      name={name}
      label={label}
      step={step}
      values={values}
      set={set}
      disabled={busy}
      title={title}
    />
  );
  const choice = <K extends 'mode' | 'klKind' | 'aggregation' | 'advantage' | 'merge'>(
    name: K,
    label: string,
    options: [Values[K], string][],
  ) => (
    <label>
      {label}
      <select
        value={values[name]}
        disabled={busy}
        onChange={(e) => set({ [name]: e.target.value } as Partial<Values>)}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const toggleOp = (op: (typeof OPS)[number]) => {
    const next = values.ops.includes(op) ? values.ops.filter((o) => o !== op) : [...values.ops, op];
    if (next.length > 0) set({ ops: OPS.filter((o) => next.includes(o)) });
  };
  return (
    <aside className="controls controls-static panel" aria-label="RL settings">
      <p className="small">
        Starts from the loaded model
        {model ? (
          <>
            : <strong>{model.name}</strong>
          </>
        ) : null}
        .
      </p>
      <fieldset className="field-group">
        <legend>task: the arithmetic world</legend>
        <label>
          level
          <select
            value={values.difficulty}
            disabled={busy}
            onChange={(e) => set({ difficulty: Number(e.target.value) })}
          >
            {LEVELS.map((label, i) => (
              <option key={label} value={i + 1}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="checkbox-row" aria-label="operations">
          {OPS.map((op) => (
            <label key={op}>
              <input
                type="checkbox"
                checked={values.ops.includes(op)}
                disabled={busy}
                onChange={() => toggleOp(op)}
              />
              {op}
            </label>
          ))}
        </fieldset>
        {choice('mode', 'reasoning mode', [
          ['think', 'think (chain of thought)'],
          ['no_think', 'no-think (answer only)'],
        ])}
      </fieldset>
      <fieldset className="field-group">
        <legend>rollouts</legend>
        {field('G', 'group size G')}
        {field('prompts', 'prompts per step')}
        {field('maxNew', 'max new tokens')}
        {field('temperature', 'temperature', 0.1)}
        {field('topP', 'top-p', 0.05)}
        {field('K', 'multiplex K (1: discrete)', 1, 'Multiplex Thinking: K draws merged per thinking step')}
        {values.K > 1 &&
          choice('merge', 'merge', [
            ['reweighted', 'reweighted (wⱼ ∝ q(kⱼ))'],
            ['averaged', 'averaged (wⱼ = 1/K)'],
          ])}
      </fieldset>
      <fieldset className="field-group">
        <legend>objective</legend>
        {field('epsLow', 'ε low', 0.01)}
        {field('epsHigh', 'ε high', 0.01)}
        {field('dualClip', 'dual clip c (0: off)', 0.5)}
        {field('kl', 'KL coefficient', 0.01)}
        {choice('klKind', 'KL estimator', [
          ['k3', 'k3 (≥ 0)'],
          ['k1', 'k1 (log ratio)'],
        ])}
        {choice('aggregation', 'aggregation', [
          ['token-mean', 'token-mean'],
          ['sequence-mean', 'sequence-mean'],
        ])}
        {choice('advantage', 'advantage', [
          ['mean-std', '(r − mean) / std'],
          ['mean', 'r − mean (no std)'],
        ])}
      </fieldset>
      <fieldset className="field-group">
        <legend>optimisation</legend>
        {field('steps', 'steps')}
        {field('lr', 'learning rate', 1e-5)}
        {field('warmup', 'warm-up steps')}
        {field('updates', 'updates per batch')}
        {field('seed', 'seed')}
      </fieldset>
      <fieldset className="field-group">
        <legend>held-out evaluation (greedy)</legend>
        {field('evalEvery', 'every N steps')}
        {field('heldOut', 'problems')}
      </fieldset>
      <RunButtons
        phase={phase}
        startLabel={run ? 'Start a new run' : 'Start RL'}
        canStart={!busy && model !== null}
        resumeStep={checkpoint ? checkpoint.run.step : null}
        onStart={() => {
          if (model) void start({ from: 'loaded', model: model.name }, settingsOf(values));
        }}
        onPause={() => void pause()}
        onResume={() => void resume()}
        onCancel={() => void cancel()}
      />
    </aside>
  );
}

function Results() {
  const { run, points, evals, latest, phase, job, download, adoptModel } = useRlStore();
  const klKind = run ? (run.settings.klCoef > 0 ? run.settings.klKind : 'k3') : 'k3';
  return (
    <>
      <RlCharts points={points} evals={evals} klEstimator={klKind} />
      {latest && latest.value.length > 0 && <RolloutInspector step={latest.step} rollouts={latest.value} />}
      {job && !isBusy(phase) && (
        <TrainedModelActions defaultName="rl-policy" download={download} adoptModel={adoptModel} />
      )}
    </>
  );
}

export function RlPage() {
  const { problems } = useUrlParams(PARAMS);
  const { error, restore } = useRlStore();
  useEffect(() => {
    void restore();
  }, [restore]);
  return (
    <main className="page">
      <h1>RL</h1>
      <p className="lead">
        GRPO on our WGSL kernels: batched rollouts, verifier rewards, group advantages, the clipped surrogate
        and AdamW, all on this machine's GPU — and every token of every rollout open to inspection.
      </p>
      <MethodNoteLink id="grpo" title="GRPO" />
      <Notices messages={problems} />
      {error && <ErrorPanel title="RL could not run" error={error} />}
      <GpuGate>
        <div className="sidebar-layout">
          <Controls />
          <div>
            <RlProgress />
            <Results />
          </div>
        </div>
      </GpuGate>
    </main>
  );
}

// RL page: GRPO on our kernels, in this browser, from the loaded model. Choose the task (the
// arithmetic world's level, operations and reasoning mode), the GRPO core's settings (GrpoFields)
// and discrete or Multiplex Thinking rollouts (K merged draws per thinking step); watch reward,
// held-out accuracy, length, entropy, KL and clip fraction live; inspect the rollouts token by
// token; pause, resume (also after a reload: the run lives in IndexedDB), cancel; download the
// policy or use it on the other pages; the published grpo study below. Every control is in the URL.
import { useEffect } from 'react';
import {
  DEFAULT_GRPO,
  type GrpoJobSettings,
  MAX_MULTIPLEX_WIDTH,
  MERGE_MODES,
  type MergeMode,
  type ModelInfo,
} from '../../engine/api.ts';
import { RunBundleBanner, RunBundleBar } from '../components/bundle/RunBundleBar.tsx';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { GrpoFields } from '../components/fields/GrpoFields.tsx';
import { GRPO_PARAMS, grpoCoreOf, grpoValuesOf } from '../components/fields/grpoParams.ts';
import { MERGE_OPTIONS } from '../components/fields/mergeOptions.ts';
import { RetentionFields } from '../components/fields/RetentionFields.tsx';
import { RETENTION_PARAMS, retentionOf, retentionValuesOf } from '../components/fields/retentionParams.ts';
import { PublishedBenchmark } from '../components/PublishedBenchmark.tsx';
import { MethodPage } from '../components/page/MethodPage.tsx';
import { RunButtons } from '../components/RunControls.tsx';
import { RetentionTradeoff } from '../components/rl/RetentionTradeoff.tsx';
import { RlCharts } from '../components/rl/RlCharts.tsx';
import { RlIntro, RlProgress } from '../components/rl/RlProgress.tsx';
import { RolloutInspector } from '../components/rl/RolloutInspector.tsx';
import { TrainedModelActions } from '../components/TrainedModelActions.tsx';
import { useModelStore } from '../store/modelStore.ts';
import { useRlStore } from '../store/rlStore.ts';
import { isBusy } from '../store/runStore.ts';
import { enumParam, intParam, listParam, useUrlParams } from '../url.ts';

const OPS = ['add', 'sub', 'mul'] as const;
const D = DEFAULT_GRPO;
const PARAMS = {
  difficulty: intParam(D.task.difficulty, 1, 4),
  ops: listParam(D.task.ops, OPS),
  mode: enumParam<'think' | 'no_think'>(D.task.mode, ['think', 'no_think']),
  ...GRPO_PARAMS,
  ...RETENTION_PARAMS,
  K: intParam(1, 1, MAX_MULTIPLEX_WIDTH),
  merge: enumParam<MergeMode>('reweighted', MERGE_MODES),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function settingsOf(v: Values, model: ModelInfo | null): GrpoJobSettings {
  const task = { difficulty: v.difficulty, ops: v.ops, mode: v.mode };
  return {
    ...grpoCoreOf(v),
    task,
    ...retentionOf(v, model?.retention ?? null, task),
    ...(v.K > 1 ? { multiplex: { width: v.K, merge: v.merge } } : {}),
  };
}

/** The page's values of a run's settings: the inverse of settingsOf. */
function valuesOf(settings: GrpoJobSettings): Values {
  return {
    ...grpoValuesOf(settings),
    ...retentionValuesOf(settings),
    difficulty: settings.task.difficulty,
    ops: [...settings.task.ops],
    mode: settings.task.mode,
    K: settings.multiplex?.width ?? 1,
    merge: settings.multiplex?.merge ?? 'reweighted',
  };
}

const LEVELS = ['1 digit (×: 1×1)', '2 digits (×: 2×1)', '3 digits (×: 3×1)', '4 digits (×: 2×2)'];

function Controls() {
  const { values, set } = useUrlParams(PARAMS);
  const { phase, run, checkpoint, start, resume, pause, cancel } = useRlStore();
  const model = useModelStore((s) => s.info);
  const busy = isBusy(phase);
  const binding = { specs: PARAMS, values, set, disabled: busy };
  const { number, choice } = fieldMaker(binding);
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
      <GrpoFields
        {...binding}
        rolloutOptions={
          <>
            {number(
              'K',
              'multiplex K (1: discrete)',
              1,
              'Multiplex Thinking: K draws merged per thinking step',
            )}
            {values.K > 1 && choice('merge', 'merge', MERGE_OPTIONS)}
          </>
        }
      />
      <RetentionFields
        {...binding}
        model={model}
        task={{ difficulty: values.difficulty, ops: values.ops, mode: values.mode }}
        promptsPerStep={values.prompts}
      />
      <RunButtons
        phase={phase}
        startLabel={run ? 'Start a new run' : 'Start RL'}
        canStart={!busy && model !== null}
        resumeStep={checkpoint ? checkpoint.run.step : null}
        onStart={() => {
          if (model) void start({ from: 'loaded', model: model.name }, settingsOf(values, model));
        }}
        onPause={() => void pause()}
        onResume={() => void resume()}
        onCancel={() => void cancel()}
      />
    </aside>
  );
}

function Results() {
  const { set } = useUrlParams(PARAMS);
  const { run, points, evals, latest, phase, job, download, adoptModel } = useRlStore();
  const klKind = run ? (run.settings.klCoef > 0 ? run.settings.klKind : 'k3') : 'k3';
  return (
    <>
      <RunBundleBanner store={useRlStore} copySettings={(settings) => set(valuesOf(settings))} />
      <RlIntro />
      <RlCharts points={points} evals={evals} klEstimator={klKind} />
      {latest && latest.value.length > 0 && <RolloutInspector step={latest.step} rollouts={latest.value} />}
      {job && !isBusy(phase) && (
        <TrainedModelActions defaultName="rl-policy" download={download} adoptModel={adoptModel} />
      )}
      <RunBundleBar store={useRlStore} />
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
    <MethodPage
      method="grpo"
      title="RL"
      lead="GRPO on our WGSL kernels: batched rollouts, verifier rewards, group advantages, the clipped surrogate and AdamW, all on this machine's GPU — and every token of every rollout open to inspection."
      problems={problems}
      error={error && { title: 'RL could not run', error }}
      controls={<Controls />}
      mechanism={<Results />}
      metrics={<RlProgress />}
      study={
        <>
          <RetentionTradeoff />
          <PublishedBenchmark scenario="grpo" />
        </>
      }
    />
  );
}

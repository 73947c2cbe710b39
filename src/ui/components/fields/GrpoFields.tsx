// The GRPO core's settings panel (GRPO_PARAMS): rollouts (group size, prompts per step, sampling,
// and whatever rollout option the page adds), the clipped objective and its KL term, the optimiser,
// and the greedy held-out evaluation. Labels and steps are the same on every page that trains.
import type { ReactNode } from 'react';
import { type FieldBinding, fieldMaker } from './fieldMaker.tsx';
import type { GrpoValues } from './grpoParams.ts';
import { SamplingFields } from './SamplingFields.tsx';

export function GrpoFields<Values extends GrpoValues>({
  rolloutOptions,
  ...binding
}: FieldBinding<Values> & {
  /** Further rollout settings of the page (Multiplex Thinking's K and merge). */
  rolloutOptions?: ReactNode;
}) {
  const { number, choice } = fieldMaker(binding);
  return (
    <>
      <SamplingFields
        legend="rollouts"
        names={['temperature', 'topP', 'max']}
        before={
          <>
            {number('G', 'group size G')}
            {number('prompts', 'prompts per step')}
          </>
        }
        {...binding}
      >
        {rolloutOptions}
      </SamplingFields>
      <fieldset className="field-group">
        <legend>objective</legend>
        {number('epsLow', 'ε low', 0.01)}
        {number('epsHigh', 'ε high', 0.01)}
        {number('dualClip', 'dual clip c (0: off)', 0.5)}
        {number('kl', 'KL coefficient', 0.01)}
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
        {number('steps', 'steps')}
        {number('lr', 'learning rate', 1e-5)}
        {number('warmup', 'warm-up steps')}
        {number('updates', 'updates per batch')}
        {number('seed', 'seed')}
      </fieldset>
      <fieldset className="field-group">
        <legend>held-out evaluation (greedy)</legend>
        {number('evalEvery', 'every N steps')}
        {number('heldOut', 'problems')}
      </fieldset>
    </>
  );
}

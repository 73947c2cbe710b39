// The default GRPO path is bit for bit what it was when fixtures/grpoFirstSteps.json was recorded
// (its note names the commit): the first 2 steps of the published `grpo` learning run on the
// shipped model (2 of its 8 prompts per step; the rest as published), with the verifier's recorded
// verdicts, and the same steps with a reward that gives the update a gradient (the published
// first rewards are all 0). Every rollout's tokens and verdict, the loss, the gradient norm and
// hashes of the log-probs, the weights and the optimizer state after each step must be equal.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchCheckpoint } from '../../model/checkpoint.ts';
import { expectNoGpuErrors, testGpu } from '../../testing/gpu.ts';
import {
  evenDigitData,
  PROMPTS_PER_STEP,
  replayedData,
  runFirstSteps,
  type StepPrint,
} from './fixtures/firstSteps.ts';

afterEach(expectNoGpuErrors);

interface FirstStepsFixture {
  commit: string;
  promptsPerStep: number;
  published: StepPrint[];
  evenDigits: StepPrint[];
}

async function setUp() {
  const [gpu, checkpoint, fixture] = await Promise.all([
    testGpu(),
    fetchCheckpoint('/models/lab-base'),
    fetch(new URL('./fixtures/grpoFirstSteps.json', import.meta.url)).then(
      (r) => r.json() as Promise<FirstStepsFixture>,
    ),
  ]);
  expect(fixture.promptsPerStep).toBe(PROMPTS_PER_STEP);
  return { gpu, ...checkpoint, fixture };
}

/** Step by step, field by field, as JSON holds them (so a -0 reads as the 0 it was stored as). */
function expectSameSteps(actual: StepPrint[], expected: StepPrint[]): void {
  const stored: StepPrint[] = JSON.parse(JSON.stringify(actual));
  expect(stored).toHaveLength(expected.length);
  stored.forEach((step, i) => {
    const want = expected[i];
    step.rollouts.forEach((r, k) => {
      expect(r, `step ${step.step} rollout ${k}`).toEqual(want.rollouts[k]);
    });
    const { rollouts: _, ...numbers } = step;
    const { rollouts: __, ...wanted } = want;
    expect(numbers, `step ${step.step}`).toEqual(wanted);
  });
}

describe('the first GRPO steps of the published learning run', () => {
  it('are bit-identical to the recorded ones: rollouts, rewards, loss, grad norm, weights', async () => {
    const { gpu, config, weights, fixture } = await setUp();
    const steps = await runFirstSteps(gpu, config, weights, replayedData(fixture.published));
    expectSameSteps(steps, fixture.published);
  });

  it('are bit-identical with a reward that varies in a group, so that the weights move', async () => {
    const { gpu, config, weights, fixture } = await setUp();
    const steps = await runFirstSteps(gpu, config, weights, evenDigitData(fixture.published));
    expect(steps[0].gradNorm).toBeGreaterThan(0);
    expectSameSteps(steps, fixture.evenDigits);
  });
});

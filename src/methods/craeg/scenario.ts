// Benchmark `craeg` (issue 11) on the shipped model and think-mode 2x2 multiplication, the level it
// partly solves when sampling, seeded. (a) Association: over every plain-sampled solution at T = 1,
// a logistic regression of correctness on sequence crowding with mean entropy as a covariate (both
// standardised), coefficient with its 95% Wald interval. (b) Intervention at T in {0.7, 1.0, 1.3}
// and top-p 1 (see TOP_P): CraEG (our reconstruction, default ε τ κ δ, linear weighting) against plain
// sampling on the same problems and seeds: Avg@16, Pass@8, distinct answers and Distinct-3 per
// problem, with 95% paired bootstrap intervals over problems. (c) Cost: decode tokens/s of each arm (both
// record crowding) and of plain sampling without the crowding kernel, with the share of steps that
// were crowded and that CraEG reweighted.
import { DEFAULT_CRAEG } from '../../decoding/crowdingReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import type { ArithmeticProblem } from '../../tasks/index.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import type { MethodScenario, ScenarioOutput } from '../scenario.ts';
import { loadShippedModel } from '../shippedModel.ts';
import { type ArmRun, runArm, runStudy, type StudySetup } from '../study/studyRunner.ts';
import { CRAEG_RESULTS, type CraegRow } from './results.ts';
import {
  type CrowdingMeasures,
  compareArms,
  crowdingAssociation,
  crowdingMeasures,
  problemMetrics,
  stepShares,
} from './study.ts';

const TASK: ArithmeticTask = { difficulty: 4, ops: ['mul'], mode: 'think' };
const TEMPERATURES = [0.7, 1.0, 1.3];
/**
 * No truncation: on lab-base a 0.95 nucleus holds a single token at almost every step (measured:
 * no step of a quick run had two candidates), which leaves nothing to crowd.
 */
const TOP_P = 1;
const PASS_AT = 8;

const round = (x: number) => Number(x.toFixed(4));

/** Part (a) as rows; a sample the regression cannot fit (e.g. every solution correct) says why. */
function associationRows(run: ArmRun<CrowdingMeasures>, rows: CraegRow[]): string[] {
  const all = run.problems.flat();
  let result: ReturnType<typeof crowdingAssociation>;
  try {
    result = crowdingAssociation(all);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return [`association: not estimable on these ${all.length} solutions (${error.message}).`];
  }
  const { fit, scale, correctRate } = result;
  ['intercept', 'sequence crowding (per SD)', 'mean entropy (per SD)'].forEach((term, j) => {
    rows.push({
      part: 'association',
      temperature: 1,
      metric: term,
      coefficient: round(fit.coefficients[j]),
      ci_low: round(fit.low[j]),
      ci_high: round(fit.high[j]),
      standard_error: round(fit.standardErrors[j]),
      solutions: fit.n,
      correct_rate: round(correctRate),
    });
  });
  return [
    `association: logistic regression of correctness on standardised sequence crowding (mean ${scale.mean[0].toFixed(4)}, SD ${scale.sd[0].toFixed(4)}) and mean entropy (mean ${scale.mean[1].toFixed(4)}, SD ${scale.sd[1].toFixed(4)} nats) over ${fit.n} plain-sampled solutions at T = 1, top-p ${TOP_P}; ${fit.converged ? 'converged' : 'did NOT converge'} in ${fit.iterations} Newton steps; 95% Wald intervals.`,
  ];
}

export const craegScenario: MethodScenario<CraegRow> = {
  name: CRAEG_RESULTS.scenario,
  description:
    'CraEG on the shipped model: correctness against sequence crowding (logistic, entropy held fixed), CraEG vs plain sampling at three temperatures (Avg@16, Pass@8, distinct answers, Distinct-3, paired bootstrap intervals), and its decode cost.',
  async run(context): Promise<ScenarioOutput<CraegRow>> {
    const full = context.mode === 'full';
    const problemsN = full ? 200 : 6;
    const samples = full ? 16 : 4;
    const shipped = await loadShippedModel();
    const model = await context.workbench.model(shipped.config, shipped.weights);
    const generator = await context.workbench.generator(model);
    const adapter = arithmeticAdapter(TASK);
    const problems = adapter.problems(context.seed + 100, problemsN);
    const rows: CraegRow[] = [];
    const notes: string[] = [];
    const total = 2 * TEMPERATURES.length * problemsN;
    let done = 0;
    const setup: StudySetup<ArithmeticProblem, CrowdingMeasures> = {
      adapter,
      problems,
      samples,
      seed: context.seed,
      rowsPerCall: 128,
      measure: crowdingMeasures,
    };
    try {
      let association: ArmRun<CrowdingMeasures> | null = null;
      for (const temperature of TEMPERATURES) {
        const plainSampling: SamplingParams = { temperature, topK: 0, topP: TOP_P };
        // Both arms record crowding, so their costs compare; the bare arm below runs without it.
        const record = { crowding: true };
        const runs = await runStudy(
          generator,
          [
            { name: 'plain', sampling: plainSampling, record },
            { name: 'craeg', sampling: { ...plainSampling, craeg: DEFAULT_CRAEG }, record },
          ],
          {
            ...setup,
            onProblem: (arm) => context.progress({ done: ++done, total, note: `T ${temperature}, ${arm}` }),
          },
        );
        for (const [arm, run] of Object.entries(runs)) {
          const shares = stepShares(run);
          rows.push({
            part: 'cost',
            temperature,
            arm,
            tokens_per_second: round(run.tokensPerSecond),
            crowded_steps: round(shares.crowded),
            reweighted_steps: round(shares.reweighted),
            problems: problemsN,
            samples,
          });
        }
        if (temperature === 1) {
          association = runs.plain;
          const timed = problems.slice(0, Math.min(problemsN, 32));
          const bare = {
            name: 'plain, no crowding kernel',
            sampling: plainSampling,
            record: { crowding: false },
          };
          const bareRun = await runArm(generator, bare, { ...setup, problems: timed });
          rows.push({
            part: 'cost',
            temperature,
            arm: bare.name,
            tokens_per_second: round(bareRun.tokensPerSecond),
            problems: timed.length,
            samples,
          });
        }
        const comparison = compareArms(
          runs.plain.problems.map((p) => problemMetrics(p, Math.min(PASS_AT, samples))),
          runs.craeg.problems.map((p) => problemMetrics(p, Math.min(PASS_AT, samples))),
          context.seed,
        );
        for (const c of comparison) {
          rows.push({
            part: 'intervention',
            temperature,
            metric:
              c.metric === 'accuracy'
                ? `avg@${samples}`
                : c.metric === 'pass'
                  ? `pass@${Math.min(PASS_AT, samples)}`
                  : c.metric,
            plain: round(c.plain.mean),
            plain_low: round(c.plain.low),
            plain_high: round(c.plain.high),
            craeg: round(c.craeg.mean),
            craeg_low: round(c.craeg.low),
            craeg_high: round(c.craeg.high),
            difference: round(c.difference.mean),
            difference_low: round(c.difference.low),
            difference_high: round(c.difference.high),
            problems: problemsN,
            samples,
          });
        }
      }
      if (association) notes.push(...associationRows(association, rows));
    } finally {
      generator.destroy();
      model.destroy();
    }
    notes.push(
      `model ${shipped.name}; task: arithmetic difficulty ${TASK.difficulty} (${TASK.ops.join(', ')}, 2x2 digits) in ${TASK.mode} mode, ${problemsN} distinct problems (seed ${context.seed + 100}), ${samples} samples each per arm, the same seeds in both arms; top-p ${TOP_P}; CraEG is our reconstruction (docs/methods/craeg.md) with ε ${DEFAULT_CRAEG.epsilon}, τ ${DEFAULT_CRAEG.tau}, κ ${DEFAULT_CRAEG.kappa}, δ ${DEFAULT_CRAEG.delta}, ${DEFAULT_CRAEG.weighting} weighting; intervals: 95% percentile bootstrap over problems (2,000 resamples), the difference paired by problem; Distinct-3 over the response tokens of a problem's samples.`,
    );
    return {
      schemaVersion: CRAEG_RESULTS.version,
      keys: ['part', 'temperature', 'arm', 'metric'],
      rows,
      goals: [],
      notes,
    };
  },
};

// What a run bundle holds that depends on the job kind (FORMATS.md): the columns of metrics.csv
// (every field of the kind's step point) and the file, if any, that keeps what each step left to
// show (GRPO: its rollouts). A new job kind adds its entry here; TypeScript asks for it.
import type { GrpoPoint, JobKind, JobTypesOf, SftPoint } from '../../engine/api.ts';
import { malformed } from './bundleError.ts';
import { rolloutFromLine, rolloutLine } from './rolloutLines.ts';
import type { ColumnKind } from './runBundleCsv.ts';

/** Every step's value of one kind, in step order. */
export type PerStep<Latest> = { step: number; value: Latest }[];

export interface PerStepFile<Latest> {
  file: string;
  write(steps: PerStep<Latest>): string;
  /** @throws BundleError naming the line that is not what the file holds */
  read(text: string): PerStep<Latest>;
}

export interface KindFormat<K extends JobKind> {
  columns: Record<keyof JobTypesOf<K>['point'] & string, ColumnKind>;
  perStep: PerStepFile<JobTypesOf<K>['latest']> | null;
}

const SFT_COLUMNS: Record<keyof SftPoint, ColumnKind> = {
  step: 'number',
  loss: 'number',
  lr: 'number',
  gradNorm: 'number',
  tokens: 'number',
  trainMs: 'number',
  tokensPerSecond: 'number',
};

const GRPO_COLUMNS: Record<keyof GrpoPoint, ColumnKind> = {
  step: 'number',
  lr: 'number',
  meanReward: 'number',
  rewardLow: 'number',
  rewardHigh: 'number',
  rollouts: 'number',
  informativeGroups: 'number',
  meanResponseLength: 'number',
  entropy: 'number',
  kl: 'number-or-empty',
  clipFraction: 'number',
  loss: 'number',
  gradNorm: 'number',
  rolloutMs: 'number',
  scoringMs: 'number',
  updateMs: 'number',
  tokens: 'number',
  trainMs: 'number',
};

const ROLLOUTS: PerStepFile<JobTypesOf<'grpo'>['latest']> = {
  file: 'rollouts.jsonl',
  write: (steps) =>
    steps
      .flatMap(({ step, value }) => value.map((r) => `${JSON.stringify(rolloutLine(step, r))}\n`))
      .join(''),
  read(text) {
    const steps: PerStep<JobTypesOf<'grpo'>['latest']> = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw malformed('rollouts.jsonl', `line ${i + 1}`, 'it is not JSON');
      }
      const { step, rollout } = rolloutFromLine(value, `line ${i + 1}`);
      const last = steps.at(-1);
      if (last?.step === step) last.value.push(rollout);
      else if (last && step < last.step)
        throw malformed('rollouts.jsonl', `line ${i + 1}`, `step ${step} comes after step ${last.step}`);
      else steps.push({ step, value: [rollout] });
    });
    return steps;
  },
};

export const BUNDLE_KINDS: { [K in JobKind]: KindFormat<K> } = {
  sft: { columns: SFT_COLUMNS, perStep: null },
  grpo: { columns: GRPO_COLUMNS, perStep: ROLLOUTS },
};

export function isBundleKind(kind: unknown): kind is JobKind {
  return typeof kind === 'string' && Object.hasOwn(BUNDLE_KINDS, kind);
}

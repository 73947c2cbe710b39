// The retention settings panel of a GRPO page (RETENTION_PARAMS): which skills the start model
// already had are checked again at every evaluation (by default those its card says it solved,
// less the task's own; each shown with its card accuracy), how many problems each, and the share
// of every step's prompts that replays them.
import type { GrpoJobSettings, ModelInfo } from '../../../engine/api.ts';
import {
  PANEL_LEVELS,
  RETENTION_THRESHOLD,
  replayCount,
  targetCategories,
} from '../../../engine/retentionApi.ts';
import { type FieldBinding, fieldMaker } from './fieldMaker.tsx';
import { type RetentionValues, retentionOf } from './retentionParams.ts';

/** The panel's skills (rows) and modes (columns), in the card's order. */
const SKILLS = [...new Set(PANEL_LEVELS.map((l) => l.spec.name))];
const MODES = ['think', 'no-think'] as const;

export function RetentionFields<Values extends RetentionValues>({
  model,
  task,
  promptsPerStep,
  ...binding
}: FieldBinding<Values> & {
  model: ModelInfo | null;
  task: GrpoJobSettings['task'];
  promptsPerStep: number;
}) {
  const { number } = fieldMaker(binding);
  const { values, set, disabled } = binding;
  const card = model?.retention ?? null;
  const chosen = retentionOf(values, card, task).retention.categories;
  const own = new Set(targetCategories(task));
  const toggle = (category: string) => {
    const next = chosen.includes(category) ? chosen.filter((c) => c !== category) : [...chosen, category];
    set({ retain: PANEL_LEVELS.map((l) => l.category).filter((c) => next.includes(c)) } as Partial<Values>);
  };
  const accuracy = (category: string) => {
    const row = card?.heldOut.find((h) => h.category === category);
    return row && row.n > 0 ? `${Math.round((100 * row.correct) / row.n)}%` : null;
  };
  const replayed = replayCount(promptsPerStep, values.replay);
  return (
    <fieldset className="field-group" data-testid="retention-fields">
      <legend>retention: what the model already knew</legend>
      <p className="small muted field-note">
        {card
          ? `Checked by default: what ${model?.name}'s card says it solved (${100 * RETENTION_THRESHOLD}% or more), less the task.`
          : `${model ? `${model.name}'s card` : 'The model'} lists no held-out accuracy: checked by default are the base mixture's think-mode skills.`}
      </p>
      <table className="skill-grid" aria-label="retention panel skills">
        <thead>
          <tr>
            <th scope="col">skill</th>
            {MODES.map((mode) => (
              <th scope="col" key={mode}>
                {mode}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SKILLS.map((skill) => (
            <tr key={skill}>
              <th scope="row">{skill}</th>
              {MODES.map((mode) => {
                const category = `${skill} ${mode}`;
                const note = own.has(category) ? 'the task' : accuracy(category);
                return (
                  <td key={mode}>
                    <label
                      title={
                        own.has(category) ? 'The task RL trains on: its accuracy is the target' : undefined
                      }
                    >
                      <input
                        type="checkbox"
                        aria-label={`${category}${note ? ` (${own.has(category) ? note : `card ${note}`})` : ''}`}
                        checked={chosen.includes(category)}
                        disabled={disabled || own.has(category)}
                        onChange={() => toggle(category)}
                      />
                      <span className="muted">{note ?? ''}</span>
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {values.retain !== 'card' && (
        <button
          type="button"
          className="link-button"
          disabled={disabled}
          onClick={() => set({ retain: 'card' } as Partial<Values>)}
        >
          Use the card's choice
        </button>
      )}
      {number('retainN', 'problems per skill')}
      {number(
        'replay',
        'replay share of prompts',
        0.05,
        "A share of each step's prompts drawn from the checked skills",
      )}
      <p className="small muted field-note" data-testid="replay-note">
        {values.replay > 0
          ? chosen.length > 0
            ? `${replayed} of ${promptsPerStep} prompts per step replay the checked skills, rewarded by their verifiers.`
            : 'Replay needs at least one checked skill.'
          : 'No replay: every prompt is the task.'}
      </p>
    </fieldset>
  );
}

// A labelled number input bound to one URL parameter of a page's settings. It edits a draft and
// commits a value only when the parameter's own spec (its one allowed range) accepts it, so a
// half-typed entry never reaches the URL and the field never snaps back under the cursor (typing
// "16" over "64" gave 6416 when each keystroke was committed and clamped). A value the spec
// refuses is named next to the field, with the value still in use; leaving the field drops it.
import { useId, useState } from 'react';
import type { ParamSpec } from '../url.ts';

/** Why `raw` cannot be committed, or null when it can. */
export function draftProblem(raw: string, spec: ParamSpec<number>): string | null {
  if (raw.trim() === '') return 'is empty';
  const parsed = spec.parse(raw.trim());
  return typeof parsed === 'object' ? parsed.problem : null;
}

export function NumberField<Values extends Record<string, unknown>>({
  name,
  label,
  step = 1,
  values,
  set,
  spec,
  disabled,
  title,
}: {
  name: keyof Values & string;
  label: string;
  step?: number;
  values: Values;
  set: (update: Partial<Values>) => void;
  /** The parameter's spec: what the field accepts is what the URL accepts. */
  spec: ParamSpec<number>;
  disabled: boolean;
  title?: string;
}) {
  const committed = values[name] as number;
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  const problem = draft === null ? null : draftProblem(draft, spec);
  return (
    <label title={title}>
      {label}
      <input
        type="number"
        step={step}
        value={draft ?? String(committed)}
        disabled={disabled}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          setDraft(raw);
          if (draftProblem(raw, spec) === null) set({ [name]: Number(raw) } as Partial<Values>);
        }}
        onBlur={() => setDraft(null)}
      />
      {problem && (
        <span id={problemId} className="field-problem" role="alert">
          {draft === '' ? 'empty' : draft} {problem}; still {spec.format(committed)}
        </span>
      )}
    </label>
  );
}

// The number and choice fields of a settings panel, bound to a page's URL parameters (or to a
// form's own state, as the Models page's random init): fieldMaker gives a page one function per
// kind (a labelled NumberField checked by the parameter's own spec; a labelled select of the
// parameter's options), so no page writes its own field helper.
import type { ParamSpec } from '../../url.ts';
import { numberSpec } from '../../url.ts';
import { NumberField } from '../NumberField.tsx';

type Specs = Record<string, ParamSpec<unknown>>;

export interface FieldBinding<Values extends Record<string, unknown>> {
  specs: Specs;
  values: Values;
  set: (update: Partial<Values>) => void;
  disabled: boolean;
}

export function fieldMaker<Values extends Record<string, unknown>>(binding: FieldBinding<Values>) {
  const { specs, values, set, disabled } = binding;
  const number = (name: keyof Values & string, label: string, step = 1, title?: string) => (
    <NumberField
      key={name}
      name={name}
      spec={numberSpec(specs, name)}
      label={label}
      step={step}
      values={values}
      set={set}
      disabled={disabled}
      title={title}
    />
  );
  const choice = <K extends keyof Values & string>(
    name: K,
    label: string,
    options: readonly (readonly [Values[K] & string, string])[],
  ) => (
    <label key={name}>
      {label}
      <select
        value={values[name] as string}
        disabled={disabled}
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
  return { number, choice };
}

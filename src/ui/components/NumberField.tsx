// A labelled number input bound to one URL parameter of a page's settings: it writes only
// values that parse as finite numbers, so a half-typed entry never reaches the URL.
export function NumberField<Values extends Record<string, unknown>>({
  name,
  label,
  step = 1,
  values,
  set,
  disabled,
  title,
}: {
  name: keyof Values & string;
  label: string;
  step?: number;
  values: Values;
  set: (update: Partial<Values>) => void;
  disabled: boolean;
  title?: string;
}) {
  return (
    <label title={title}>
      {label}
      <input
        type="number"
        step={step}
        value={values[name] as number}
        disabled={disabled}
        onChange={(e) => {
          const value = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(value)) set({ [name]: value } as Partial<Values>);
        }}
      />
    </label>
  );
}

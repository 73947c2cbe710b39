// A 2-digit operand input: it keeps what is being typed locally and passes on only whole numbers
// in 10..99, so "4" on the way to "47" never reaches the URL (nor its message about a bad value).
import { useEffect, useState } from 'react';

export const OPERAND_MIN = 10;
export const OPERAND_MAX = 99;

export function isOperand(value: number): boolean {
  return Number.isInteger(value) && value >= OPERAND_MIN && value <= OPERAND_MAX;
}

export function OperandField({
  label,
  value,
  disabled,
  onChange,
}: {
  label: string;
  value: number | null;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  const [typed, setTyped] = useState(value === null ? '' : String(value));
  useEffect(() => setTyped(value === null ? '' : String(value)), [value]);
  const valid = typed !== '' && isOperand(Number(typed));
  return (
    <label>
      {label}
      <input
        type="number"
        min={OPERAND_MIN}
        max={OPERAND_MAX}
        value={typed}
        disabled={disabled}
        aria-invalid={!valid}
        onChange={(e) => {
          setTyped(e.target.value);
          const next = Number(e.target.value);
          if (e.target.value !== '' && isOperand(next)) onChange(next);
        }}
      />
      {!valid && (
        <span className="small bad">
          {OPERAND_MIN}–{OPERAND_MAX}
        </span>
      )}
    </label>
  );
}

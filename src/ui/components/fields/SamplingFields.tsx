// The sampling settings of a page as one field group: the parameters the page offers (its
// samplingParams), in one order, with one label and step each, so temperature or top-p reads and
// behaves the same on every page.
import type { ReactNode } from 'react';
import { type FieldBinding, fieldMaker } from './fieldMaker.tsx';
import { SAMPLING_RANGES, type SamplingName } from './samplingParams.ts';

const ORDER = Object.keys(SAMPLING_RANGES) as SamplingName[];

export function SamplingFields<Values extends Record<string, unknown>>({
  legend = 'sampling',
  names,
  before,
  children,
  ...binding
}: FieldBinding<Values> & {
  legend?: string;
  /** The sampling parameters shown here; by default every one the page's specs hold. */
  names?: readonly SamplingName[];
  /** Fields of the group before the sampling ones … */
  before?: ReactNode;
  /** … and after them. */
  children?: ReactNode;
}) {
  const { number } = fieldMaker(binding);
  const offered = ORDER.filter((name) => (names ? names.includes(name) : name in binding.specs));
  return (
    <fieldset className="field-group">
      <legend>{legend}</legend>
      {before}
      {offered.map((name) => number(name, SAMPLING_RANGES[name].label, SAMPLING_RANGES[name].step))}
      {children}
    </fieldset>
  );
}

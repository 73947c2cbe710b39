// The frozen list of special tokens (design §3). Their order fixes their ids: they come first in
// the vocabulary, before the characters. No method adds or renames a token; a method that needs a
// new marker takes one of the <reserved_N> slots and documents it here.

export const SPECIAL_TOKENS = [
  '<bos>',
  '<eos>',
  '<pad>',
  '<think>',
  '</think>',
  '<no_think>',
  '</no_think>',
  '<answer>',
  '</answer>',
  '<budget>',
  '</budget>',
  '<solution>',
  '</solution>',
  '<fork>',
  '</fork>',
  '<join>',
  '</join>',
  '<ret>',
  '</ret>',
  '<observation>',
  '</observation>',
  '<action>',
  '</action>',
  ...Array.from({ length: 16 }, (_, i) => `<reserved_${i}>`),
] as const;

export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

export function isSpecialToken(text: string): text is SpecialToken {
  return (SPECIAL_TOKENS as readonly string[]).includes(text);
}

// How deep the JSON of a checkpoint may nest. Our files nest at most five levels (tokenizer.json's
// post_processor), but the validators compare and quote values with JSON.stringify, which
// overflows the stack on a value nested ~10,000 deep. The readers (checkpoint.ts, safetensors.ts)
// reject deeper nesting first, with a CheckpointError naming the key.

/** Far deeper than any HF config, tokenizer or safetensors header; far shallower than the stack. */
export const MAX_JSON_DEPTH = 32;

function nestsDeeper(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestsDeeper(child, levels - 1));
}

/** The first top-level key (or index) whose value nests more than MAX_JSON_DEPTH containers deep. */
export function keyNestedTooDeep(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const entries = Object.entries(json);
  return entries.find(([, value]) => nestsDeeper(value, MAX_JSON_DEPTH))?.[0];
}

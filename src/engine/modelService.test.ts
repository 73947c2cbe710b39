// A random init's messages, on the CPU rung (no GPU needed): they name the form the sizes came
// from, not a config.json the visitor never had, and a seed out of range is refused, not used.
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../model/checkpointError.ts';
import { ModelService } from './modelService.ts';

async function refusal(spec: Parameters<ModelService['loadRandom']>[1]): Promise<CheckpointError> {
  const error = await new ModelService().loadRandom(null, spec).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

describe('random init', () => {
  it('creates a model of the shape and seed asked for', async () => {
    const info = await new ModelService().loadRandom(null, { config: { num_hidden_layers: 1 }, seed: 7 });
    expect(info.name).toBe('random-L1-C32-seed7');
    expect(info.rung).toBe('cpu');
  });

  it('names a bad size as the form gave it, with no file involved', async () => {
    const error = await refusal({ config: { num_key_value_heads: 3 }, seed: 1 });
    expect(error.message).toBe('Random init: "num_key_value_heads" (3) must divide num_attention_heads (4)');
    expect(error.message).not.toContain('config.json');
    expect(error.details.file).toBeUndefined();
    expect(error.hint).toContain('Random init form');
    expect((await refusal({ config: { hidden_size: 0 }, seed: 1 })).message).toContain(
      'Random init: "hidden_size" must be an integer',
    );
  });

  it.each([1e300, -1, 1.5, 2 ** 31, Number.NaN])('refuses the seed %d rather than using it', async (seed) => {
    const error = await refusal({ config: {}, seed });
    expect(error.message).toMatch(/^Random init: the seed must be a whole number in \[0, 2147483647\], got /);
    expect(error.details.field).toBe('seed');
  });
});

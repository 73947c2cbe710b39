// The generation loop on the CPU: the same request, the same semantics and the same random draws
// as the GPU loop (generate.ts), as the same driver (generationDriver.ts) over the CPU session
// (sessionReference.ts). It is the oracle of the GPU loop's tests and the engine of the CPU rung
// (a browser without WebGPU).
import type { LlamaConfig } from '../model/config.ts';
import type { ModelWeights } from '../model/parameters.ts';
import type { GenerateRequest, GenerationResult } from './generation.ts';
import { driveGeneration, sessionOptions } from './generationDriver.ts';
import { ReferenceSession } from './sessionReference.ts';

export async function generateReference(
  config: LlamaConfig,
  weights: ModelWeights,
  request: GenerateRequest,
): Promise<GenerationResult> {
  const session = new ReferenceSession(config, weights, sessionOptions(request, config));
  return driveGeneration(session, request, config);
}

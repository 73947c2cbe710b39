// Every benchmark scenario by name. Method folders add theirs here as they arrive.
import { craegScenario } from './scenarios/craeg.ts';
import { decodeScenario } from './scenarios/decode.ts';
import { decodePeersScenario } from './scenarios/decodePeers.ts';
import { grpoScenario } from './scenarios/grpo.ts';
import { matmulScenario } from './scenarios/matmul.ts';
import { multiplexScenario } from './scenarios/multiplex.ts';
import { trainScenario } from './scenarios/train.ts';
import type { BenchScenario } from './types.ts';

export const SCENARIOS: Record<string, BenchScenario> = {
  [matmulScenario.name]: matmulScenario,
  [decodeScenario.name]: decodeScenario,
  [decodePeersScenario.name]: decodePeersScenario,
  [trainScenario.name]: trainScenario,
  [grpoScenario.name]: grpoScenario,
  [craegScenario.name]: craegScenario,
  [multiplexScenario.name]: multiplexScenario,
};

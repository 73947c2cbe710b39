// Every benchmark scenario by name: the engine's own (kernels, decode, training throughput, peers)
// and those the method registry names (src/methods/scenarios.ts), which run with a Workbench
// instead of the device.
import { methodScenarios } from '../methods/scenarios.ts';
import { Workbench } from '../train/workbench.ts';
import { decodeScenario } from './scenarios/decode.ts';
import { decodePeersScenario } from './scenarios/decodePeers.ts';
import { matmulScenario } from './scenarios/matmul.ts';
import { trainScenario } from './scenarios/train.ts';
import type { BenchScenario, MethodScenario } from './types.ts';

/** A method's scenario as the runner calls it: the device stays here, the method gets a Workbench. */
function onWorkbench(scenario: MethodScenario): BenchScenario {
  return {
    name: scenario.name,
    description: scenario.description,
    run: ({ gpu, ...rest }) => scenario.run({ ...rest, workbench: new Workbench(gpu) }),
  };
}

const ENGINE_SCENARIOS: BenchScenario[] = [
  matmulScenario,
  decodeScenario,
  decodePeersScenario,
  trainScenario,
];

export const SCENARIOS: Record<string, BenchScenario> = Object.fromEntries(
  [...ENGINE_SCENARIOS, ...methodScenarios().map(onWorkbench)].map((s) => [s.name, s]),
);

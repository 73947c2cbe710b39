// Every method's benchmark scenario, read through the registry: each method folder exports its
// own, the registry entry (registry.ts) names its ids, and methodScenarios() lists them in
// registry order; registry.test.ts checks that every exported scenario is named by one entry.
import { craegScenario } from './craeg/scenario.ts';
import { retentionSweepScenario } from './grpo/retentionSweep.ts';
import { grpoScenario } from './grpo/scenario.ts';
import { multiplexScenario } from './multiplex/scenario.ts';
import { METHODS } from './registry.ts';
import type { MethodScenario } from './scenario.ts';

/** The scenarios the method folders export, by id. */
export const SCENARIO_EXPORTS: Readonly<Record<string, MethodScenario>> = Object.fromEntries(
  [grpoScenario, retentionSweepScenario, craegScenario, multiplexScenario].map((s) => [s.name, s]),
);

/** The scenarios the registry's methods name, in registry order. @throws RangeError for an id no folder exports */
export function methodScenarios(): MethodScenario[] {
  return METHODS.flatMap((method) =>
    method.scenarios.map((id) => {
      const scenario = SCENARIO_EXPORTS[id];
      if (!scenario)
        throw new RangeError(`method ${method.id} names scenario '${id}', which no method folder exports`);
      return scenario;
    }),
  );
}

// Every method's benchmark scenario by id: each method folder exports its own, and the registry
// (registry.ts) names which are its; registry.test.ts checks that the two agree.
import { craegScenario } from './craeg/scenario.ts';
import { grpoScenario } from './grpo/scenario.ts';
import { multiplexScenario } from './multiplex/scenario.ts';
import type { MethodScenario } from './scenario.ts';

export const METHOD_SCENARIOS: readonly MethodScenario[] = [grpoScenario, craegScenario, multiplexScenario];

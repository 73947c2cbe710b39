// What benchmark `train` runs, shared by the browser scenario (scenarios/train.ts) and the Node
// side that prepares its PyTorch peer (bench/peers/trainPeer.ts): pure data, no GPU imports.
import { BENCH_SIZES } from './modelSizes.ts';

export const TRAIN_BATCH = { B: 8, T: 256 };
export const TRAIN_LR = 1e-3;

/** Timed steps after the untimed first one. */
export function trainSteps(mode: 'quick' | 'full'): number {
  return mode === 'full' ? 3 : 2;
}

export function trainSizes(mode: 'quick' | 'full') {
  return mode === 'full' ? BENCH_SIZES : BENCH_SIZES.slice(0, 2);
}

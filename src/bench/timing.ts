// Times GPU work the way docs/performance.md §1 did: R dispatches in one submit (R chosen so a sample lasts
// at least minSampleMs), wall time around submit + onSubmittedWorkDone, and GPU time per dispatch
// from timestamp queries when the adapter has them: one timed pass around the R back-to-back
// dispatches, divided by R (a pass per dispatch adds its own start-up, ~0.1 ms on SwiftShader for
// the smallest shapes). Reports medians over samples.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { Profiler } from '../gpu/profiler.ts';
import { median } from '../stats/median.ts';

export interface Timing {
  /** Wall milliseconds per dispatch (median over samples). */
  wallMs: number;
  /** GPU milliseconds per dispatch from timestamps (median), or null without timestamp-query. */
  gpuMs: number | null;
  repeats: number;
  samples: number;
}

async function timeBatch(gpu: GpuContext, encode: (batch: CommandBatch) => Promise<void>, repeats: number) {
  const batch = new CommandBatch(gpu, 'bench');
  for (let r = 0; r < repeats; r++) await encode(batch);
  const started = performance.now();
  batch.submit();
  await gpu.device.queue.onSubmittedWorkDone();
  return (performance.now() - started) / repeats;
}

export async function timeDispatch(
  gpu: GpuContext,
  encode: (batch: CommandBatch) => Promise<void>,
  { samples, minSampleMs, maxRepeats = 256 }: { samples: number; minSampleMs: number; maxRepeats?: number },
): Promise<Timing> {
  const once = await timeBatch(gpu, encode, 1);
  const repeats = Math.max(1, Math.min(maxRepeats, Math.ceil(minSampleMs / Math.max(once, 0.01))));
  const wall: number[] = [];
  for (let s = 0; s < samples; s++) wall.push(await timeBatch(gpu, encode, repeats));

  let gpuMs: number | null = null;
  if (Profiler.isSupported(gpu)) {
    const profiler = new Profiler(gpu, 1);
    const perDispatch: number[] = [];
    for (let s = 0; s < samples; s++) {
      const batch = new CommandBatch(gpu, 'bench.profiled', profiler, 'pass');
      for (let r = 0; r < repeats; r++) await encode(batch);
      batch.submit();
      const [pass] = await profiler.read();
      perDispatch.push(pass.ms / repeats);
    }
    gpuMs = median(perDispatch);
    profiler.destroy();
  }
  return { wallMs: median(wall), gpuMs, repeats, samples };
}

// The generation loop's host side between syncs: the tokens read back so far per row, stop strings
// and cancellation (applied by writing a row's status on the GPU), the stream of new tokens, and
// the finish reason of each row once it ends.
import type { GpuContext } from '../gpu/device.ts';
import { readU32 } from '../gpu/readback.ts';
import { type FinishReason, type GeneratedSequence, type GenerateRequest, stopLength } from './generation.ts';
import { STATUS } from './sampler.ts';

const GPU_FINISH: Record<number, FinishReason> = {
  [STATUS.eos]: 'eos',
  [STATUS.length]: 'length',
  [STATUS.context]: 'context',
  [STATUS.nonFinite]: 'nonFinite',
};

/** The host's view of the rows between syncs: tokens read so far, stop strings, cancellation. */
export class HostView {
  private readonly tokens: number[][];
  private readonly logProbs: number[][];
  private readonly entropy: number[][];
  private readonly status: number[];
  /** Finish decided on the host (stop string, cancel), which overrides the GPU's status. */
  private readonly hostFinish: (FinishReason | null)[];
  private readonly streamed: number[];

  constructor(
    private readonly N: number,
    private readonly maxNew: number,
    private readonly request: GenerateRequest,
    private readonly promptOf: (r: number) => number,
  ) {
    this.tokens = Array.from({ length: N }, () => []);
    this.logProbs = Array.from({ length: N }, () => []);
    this.entropy = Array.from({ length: N }, () => []);
    this.status = new Array(N).fill(STATUS.running);
    this.hostFinish = new Array(N).fill(null);
    this.streamed = new Array(N).fill(0);
  }

  async sync(gpu: GpuContext, state: GPUBuffer, record: GPUBuffer): Promise<void> {
    const [s, rec] = [
      await readU32(gpu, state, 4 * this.N),
      await readU32(gpu, record, 3 * this.N * this.maxNew),
    ];
    const bits = new Float32Array(rec.buffer);
    const cancelled = this.request.isCancelled?.() ?? false;
    for (let r = 0; r < this.N; r++) {
      if (this.hostFinish[r]) continue;
      const generated = s[4 * r + 2];
      for (let t = this.tokens[r].length; t < generated; t++) {
        const at = 3 * (r * this.maxNew + t);
        this.tokens[r].push(rec[at]);
        this.logProbs[r].push(bits[at + 1]);
        this.entropy[r].push(bits[at + 2]);
      }
      this.status[r] = s[4 * r + 1];
      const keep = stopLength(this.tokens[r], this.request.stopStrings ?? []);
      if (keep !== null) this.finishOnHost(gpu, state, r, 'stop', keep);
      else if (cancelled && this.status[r] === STATUS.running) this.finishOnHost(gpu, state, r, 'cancelled');
    }
    this.request.onTokens?.({
      newTokens: this.tokens.map((t, r) => t.slice(this.streamed[r])),
      steps: Math.max(0, ...this.tokens.map((t) => t.length - 1)),
      finished: this.status.filter((st, r) => st !== STATUS.running || this.hostFinish[r]).length,
    });
    this.tokens.forEach((t, r) => {
      this.streamed[r] = t.length;
    });
  }

  private finishOnHost(
    gpu: GpuContext,
    state: GPUBuffer,
    r: number,
    reason: FinishReason,
    keep?: number,
  ): void {
    this.hostFinish[r] = reason;
    if (keep !== undefined) {
      this.tokens[r].length = keep;
      this.logProbs[r].length = keep;
      this.entropy[r].length = keep;
    }
    if (this.status[r] === STATUS.running) {
      gpu.device.queue.writeBuffer(state, 4 * (4 * r + 1), Uint32Array.of(STATUS.stopped));
      this.status[r] = STATUS.stopped;
    }
  }

  done(): boolean {
    return this.status.every((st, r) => st !== STATUS.running || this.hostFinish[r] !== null);
  }

  sequences(): GeneratedSequence[] {
    return this.tokens.map((tokens, r) => ({
      prompt: this.promptOf(r),
      sample: r % (this.request.samplesPerPrompt ?? 1),
      promptTokens: this.request.prompts[this.promptOf(r)],
      tokens,
      logProbs: this.logProbs[r],
      entropy: this.entropy[r],
      finish: this.hostFinish[r] ?? GPU_FINISH[this.status[r]] ?? 'length',
    }));
  }
}

// The decoding microscope's trace: one generation from a prompt, step by step, with every step's
// candidates (probability after each stage of the chain), crowding and entropy; a cursor that
// play / pause / step / rewind move; branches (another candidate at a step, then a fresh
// continuation from there); and the embedding map of the loaded model.
import { create } from 'zustand';
import type { Candidate, CrowdingStep, EmbeddingMap, SamplingParams } from '../../engine/api.ts';
import { connectEngine, generate } from '../../engine/client.ts';
import { type ShownError, toShownError } from './engineStore.ts';

export interface TraceStep {
  token: number;
  /** Top candidates by rank, with raw / temperature / truncated / final probabilities. */
  candidates: Candidate[];
  crowding: CrowdingStep | null;
  entropy: number;
  /** The token was picked by hand here (a branch), not drawn. */
  branched: boolean;
}

export interface MicroscopeRequest {
  prompt: string;
  sampling: SamplingParams;
  seed: number;
  maxNewTokens: number;
}

export const MICROSCOPE_CANDIDATES = 10;

interface MicroscopeState {
  running: boolean;
  request: MicroscopeRequest | null;
  steps: TraceStep[];
  /** Steps shown so far (the cursor): step cursor − 1 is the current one. */
  cursor: number;
  playing: boolean;
  map: EmbeddingMap | null;
  error: ShownError | null;
  run(request: MicroscopeRequest): Promise<void>;
  /** Takes `token` at step `at` instead of the drawn one and generates on from there. */
  branch(at: number, token: number, decode: (tokens: number[]) => string): Promise<void>;
  moveTo(cursor: number): void;
  setPlaying(playing: boolean): void;
  loadMap(): Promise<void>;
}

async function continuation(
  request: MicroscopeRequest,
  prefix: string,
  maxNewTokens: number,
): Promise<TraceStep[]> {
  const result = await generate(connectEngine(), {
    prompts: [request.prompt + prefix],
    sampling: request.sampling,
    seed: request.seed,
    maxNewTokens,
    record: { candidates: MICROSCOPE_CANDIDATES, stages: true, crowding: true },
  });
  const s = result.sequences[0];
  return s.tokens.map((token, t) => ({
    token,
    candidates: s.candidates?.[t] ?? [],
    crowding: s.crowding?.[t] ?? null,
    entropy: s.entropy[t],
    branched: false,
  }));
}

export const useMicroscopeStore = create<MicroscopeState>((set, get) => ({
  running: false,
  request: null,
  steps: [],
  cursor: 0,
  playing: false,
  map: null,
  error: null,

  async run(request) {
    if (get().running) return;
    set({ running: true, error: null, playing: false });
    try {
      const steps = await continuation(request, '', request.maxNewTokens);
      set({ request, steps, cursor: Math.min(1, steps.length), running: false });
    } catch (error) {
      set({ error: toShownError(error), running: false });
    }
  },

  async branch(at, token, decode) {
    const { request, steps, running } = get();
    if (!request || running || at >= steps.length) return;
    set({ running: true, error: null, playing: false });
    const kept = [...steps.slice(0, at), { ...steps[at], token, branched: true }];
    try {
      const remaining = request.maxNewTokens - kept.length;
      const eos = decode([token]) === '<eos>';
      const rest =
        remaining > 0 && !eos ? await continuation(request, decode(kept.map((s) => s.token)), remaining) : [];
      set({ steps: [...kept, ...rest], cursor: at + 1, running: false });
    } catch (error) {
      set({ error: toShownError(error), running: false });
    }
  },

  moveTo(cursor) {
    set({ cursor: Math.max(0, Math.min(get().steps.length, cursor)) });
  },

  setPlaying(playing) {
    set({ playing });
  },

  async loadMap() {
    try {
      set({ map: await connectEngine().embeddingMap() });
    } catch (error) {
      set({ error: toShownError(error) });
    }
  },
}));

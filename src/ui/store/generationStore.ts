// The Attention page's generation: the request being run, the text streamed so far, the full
// result once it ends (candidates and attention included), and the error if it failed.
import { create } from 'zustand';
import type { TextGenerateRequest, TextGenerationResult } from '../../engine/api.ts';
import { connectEngine, generate } from '../../engine/client.ts';
import { type ShownError, toShownError } from './engineStore.ts';

interface GenerationState {
  running: boolean;
  /** Per sequence, the text streamed so far. */
  streamed: string[];
  result: TextGenerationResult | null;
  error: ShownError | null;
  run(request: TextGenerateRequest): Promise<void>;
  cancel(): Promise<void>;
}

export const useGenerationStore = create<GenerationState>((set, get) => ({
  running: false,
  streamed: [],
  result: null,
  error: null,

  async run(request) {
    if (get().running) return;
    set({ running: true, streamed: request.prompts.map(() => ''), result: null, error: null });
    try {
      const result = await generate(connectEngine(), request, (update) =>
        set((state) => ({ streamed: state.streamed.map((text, r) => text + (update.newText[r] ?? '')) })),
      );
      set({ result, running: false });
    } catch (error) {
      set({ error: toShownError(error), running: false });
    }
  },

  async cancel() {
    await connectEngine().cancel();
  },
}));

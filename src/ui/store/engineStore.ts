// The UI's view of the engine: whether the GPU is starting, ready, unavailable or lost, the
// adapter facts, and the GPU events seen. Pages read it; only start() and restart() change it.
import { create } from 'zustand';
import type { EngineStatus, GpuEvent } from '../../engine/api.ts';
import { connectEngine, subscribeToGpuEvents } from '../../engine/client.ts';
import { GpuUnavailableError, LabError } from '../../engine/errors.ts';

export type EnginePhase = 'starting' | 'ready' | 'unavailable' | 'lost' | 'failed';

export interface ShownError {
  name: string;
  message: string;
  hint: string;
}

interface EngineState {
  phase: EnginePhase;
  status: EngineStatus | null;
  error: ShownError | null;
  events: GpuEvent[];
  start(): Promise<void>;
  refreshStatus(): Promise<void>;
  simulateDeviceLoss(): Promise<void>;
}

export function toShownError(error: unknown): ShownError {
  if (error instanceof LabError) return { name: error.name, message: error.message, hint: error.hint };
  if (error instanceof Error) return { name: error.name, message: error.message, hint: '' };
  return { name: 'Error', message: String(error), hint: '' };
}

let subscribed = false;

export const useEngineStore = create<EngineState>((set, get) => ({
  phase: 'starting',
  status: null,
  error: null,
  events: [],

  async start() {
    set({ phase: 'starting', error: null });
    const engine = connectEngine();
    if (!subscribed) {
      subscribed = true;
      await subscribeToGpuEvents(engine, (event) => {
        set((state) => ({ events: [...state.events, event].slice(-20) }));
        if (event.type === 'device-lost') {
          set({
            phase: 'lost',
            error: {
              name: 'GpuDeviceLostError',
              message: `The GPU device was lost (${event.reason}): ${event.message || 'no message'}`,
              hint: 'Press "Restart GPU" to acquire a new device. Nothing you saved is lost.',
            },
          });
        }
      });
    }
    try {
      const status = await engine.init();
      set({ phase: 'ready', status, error: null });
    } catch (error) {
      set({
        phase: error instanceof GpuUnavailableError ? 'unavailable' : 'failed',
        error: toShownError(error),
      });
    }
  },

  async refreshStatus() {
    if (get().phase !== 'ready') return;
    set({ status: await connectEngine().status() });
  },

  async simulateDeviceLoss() {
    await connectEngine().simulateDeviceLoss();
  },
}));

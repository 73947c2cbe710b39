// Entry point of the UI thread: mounts the app and exposes the automation handle that benchmarks
// and researchers drive from Playwright (window.reasoningLab).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  type BenchOptions,
  type BenchProgress,
  type BenchResult,
  failStorage,
  type JobEventOf,
  type JobKind,
  type JobOutcome,
  type JobRequestOf,
  type StorageFaultPlan,
  type TextGenerateRequest,
  type TextGenerationResult,
  type TextStreamUpdate,
} from './engine/api.ts';
import { connectEngine, generate, runBench, startJob } from './engine/client.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

declare global {
  interface Window {
    /** For automation (Playwright): the same engine proxy the pages use. */
    reasoningLab: {
      engine: ReturnType<typeof connectEngine>;
      runBench(
        name: string,
        options: BenchOptions,
        onProgress?: (progress: BenchProgress) => void,
      ): Promise<BenchResult>;
      /** Generates with the loaded model (EngineApi.generate), `onUpdate` at every readback. */
      generate(
        request: TextGenerateRequest,
        onUpdate?: (update: TextStreamUpdate) => void,
      ): Promise<TextGenerationResult>;
      /** Starts a job (`npm run pretrain` runs its SFT job so); EngineApi.startJob says more. */
      startJob<K extends JobKind>(
        request: JobRequestOf<K>,
        onEvent?: (event: JobEventOf<K>) => void,
      ): Promise<JobOutcome>;
      /** For tests only. */
      testing: {
        /** Makes IndexedDB writes fail as a full disk does, on this page and in the engine; null: off. */
        failStorage(plan: StorageFaultPlan | null): Promise<void>;
      };
    };
  }
}

const engine = connectEngine();
window.reasoningLab = {
  engine,
  runBench: (name, options, onProgress) => runBench(engine, name, options, onProgress),
  generate: (request, onUpdate) => generate(engine, request, onUpdate),
  startJob: (request, onEvent) => startJob(engine, request, onEvent),
  testing: {
    failStorage: async (plan) => {
      failStorage(plan);
      await engine.failStorage(plan);
    },
  },
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

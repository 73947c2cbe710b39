// Entry point of the UI thread: mounts the app and exposes the automation handle that benchmarks
// and researchers drive from Playwright (window.reasoningLab).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type {
  BenchOptions,
  BenchProgress,
  BenchResult,
  GrpoJobSettings,
  RlEvent,
  RlOutcome,
  RlStartRequest,
  TrainingEvent,
  TrainingOutcome,
  TrainingRequest,
  TrainingStartRequest,
} from './engine/api.ts';
import { connectEngine, runBench, train, trainRl } from './engine/client.ts';
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
      train(
        start: TrainingStartRequest,
        request: TrainingRequest,
        onEvent?: (event: TrainingEvent) => void,
      ): Promise<TrainingOutcome>;
      trainRl(
        start: RlStartRequest,
        settings: GrpoJobSettings,
        onEvent?: (event: RlEvent) => void,
      ): Promise<RlOutcome>;
    };
  }
}

const engine = connectEngine();
window.reasoningLab = {
  engine,
  runBench: (name, options, onProgress) => runBench(engine, name, options, onProgress),
  train: (start, request, onEvent) => train(engine, start, request, onEvent),
  trainRl: (start, settings, onEvent) => trainRl(engine, start, settings, onEvent),
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

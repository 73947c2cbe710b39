// The pages that work, in the order the header and home page list them. A page is added here
// only when it does what its summary says. Pages load lazily: the charts library stays out of
// the first download.
import { type ComponentType, lazy } from 'react';

export interface PageEntry {
  path: string;
  title: string;
  summary: string;
  component: ComponentType;
}

export const PAGES: PageEntry[] = [
  {
    path: '/attention',
    title: 'Attention',
    summary:
      'Type a prompt and watch the model generate on our kernels: the distribution behind every token (raw and after temperature, top-k, top-p) and where each layer and head attended.',
    component: lazy(() => import('./AttentionPage.tsx').then((m) => ({ default: m.AttentionPage }))),
  },
  {
    path: '/microscope',
    title: 'Microscope',
    summary:
      'Step through a generation and see why each token was picked: the distribution after temperature, truncation and CraEG, the candidates on a map of the embedding table, crowding and entropy along the sequence; branch at any token. With the measured effect of CraEG on this model.',
    component: lazy(() => import('./MicroscopePage.tsx').then((m) => ({ default: m.MicroscopePage }))),
  },
  {
    path: '/multiplex',
    title: 'Multiplex',
    summary:
      'Multiplex Thinking: solve a multiplication twice with the same seed, discretely and with K sampled tokens merged into each thinking step, and see where the K draws agreed and where the model thought with a mixture; with the published Pass@k study.',
    component: lazy(() => import('./MultiplexPage.tsx').then((m) => ({ default: m.MultiplexPage }))),
  },
  {
    path: '/trainer',
    title: 'Trainer',
    summary:
      'Train a model in this browser on our kernels: choose its size, the arithmetic task mix and the optimiser; watch the loss and held-out accuracy; pause, resume after a reload, and download the result as a Hugging Face folder.',
    component: lazy(() => import('./TrainerPage.tsx').then((m) => ({ default: m.TrainerPage }))),
  },
  {
    path: '/rl',
    title: 'RL',
    summary:
      'Reinforcement-learn the model with GRPO in this browser: rollouts, verifier rewards and group advantages; live reward, held-out accuracy, entropy, KL and clipping; and every token of the latest rollouts coloured by its advantage, with its ratio and log-probabilities.',
    component: lazy(() => import('./RlPage.tsx').then((m) => ({ default: m.RlPage }))),
  },
  {
    path: '/bench',
    title: 'Bench',
    summary:
      'Our engine against onnxruntime-web and transformers.js (each on WebGPU and wasm) on the same model, measured on your machine with one click, and where each decode and training step spends its GPU time, kernel by kernel.',
    component: lazy(() => import('./BenchPage.tsx').then((m) => ({ default: m.BenchPage }))),
  },
  {
    path: '/models',
    title: 'Models',
    summary:
      'Choose the model the lab runs: a shipped one, a checkpoint folder from your files (kept in this browser), or a seeded random init of any shape; see its GPU memory and free it.',
    component: lazy(() => import('./ModelsPage.tsx').then((m) => ({ default: m.ModelsPage }))),
  },
  {
    path: '/kernels',
    title: 'Kernels',
    summary:
      'Check our WGSL kernels and the model’s whole forward against the CPU reference on your GPU, see the adapter and its limits, and the measured benchmark.',
    component: lazy(() => import('./KernelsPage.tsx').then((m) => ({ default: m.KernelsPage }))),
  },
  {
    path: '/tasks',
    title: 'Tasks',
    summary:
      'Browse the seeded task worlds every method trains and tests on: prompts, target formats, hidden labels, and the verifier’s verdict on any answer you type.',
    component: lazy(() => import('./TasksPage.tsx').then((m) => ({ default: m.TasksPage }))),
  },
];

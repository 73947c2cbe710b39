// Playwright e2e against the production build (`vite build` + `vite preview`). Specs named
// *.no-webgpu.spec.ts run without the WebGPU flags (what a browser without WebGPU shows);
// every other spec runs with WebGPU on SwiftShader. One worker: SwiftShader uses both cores.
import { defineConfig } from '@playwright/test';
import { BASE_FLAGS, findBrowser, WEBGPU_LAUNCH_ARGS } from './scripts/browser.mjs';

const executablePath = findBrowser();
const PORT = 4173;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: { baseURL: `http://localhost:${PORT}`, browserName: 'chromium', headless: true },
  webServer: {
    command: 'npx vite build && npx vite preview',
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /\.no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath, args: WEBGPU_LAUNCH_ARGS } },
    },
    {
      name: 'no-webgpu',
      testMatch: /\.no-webgpu\.spec\.ts$/,
      use: { launchOptions: { executablePath, args: BASE_FLAGS } },
    },
  ],
});

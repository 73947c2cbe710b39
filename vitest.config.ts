// Two Vitest projects: `unit` runs every *.test.ts in Node; `gpu` runs *.gpu.test.ts in headless
// Chromium with WebGPU on SwiftShader. A missing adapter fails the gpu tests; it never skips them.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import { findBrowser, WEBGPU_LAUNCH_ARGS } from './scripts/browser.mjs';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
            exclude: ['src/**/*.gpu.test.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'gpu',
            include: ['src/**/*.gpu.test.ts'],
            // SwiftShader compiles a pipeline in 80-900 ms and runs kernels on the CPU.
            testTimeout: 120_000,
            // One browser page at a time: SwiftShader already keeps both cores busy.
            fileParallelism: false,
            browser: {
              enabled: true,
              headless: true,
              screenshotFailures: false,
              instances: [{ browser: 'chromium' }],
              provider: playwright({
                launchOptions: { executablePath: findBrowser(), args: WEBGPU_LAUNCH_ARGS },
              }),
            },
          },
        },
      ],
    },
  }),
);

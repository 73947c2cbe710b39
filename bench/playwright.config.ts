// Playwright config for benchmarks only (`npm run bench`); `npm test` never runs it. It serves
// the production build on its own port and gives each scenario up to 90 minutes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// BENCH_PORT lets a second benchmark (another checkout, e.g. the commit before a speed-up) run beside.
const PORT = Number(process.env.BENCH_PORT ?? 4180);

export default defineConfig({
  testDir: '.',
  testMatch: 'run.spec.ts',
  workers: 1,
  timeout: 90 * 60_000,
  reporter: [['list']],
  use: { baseURL: `http://localhost:${PORT}` },
  webServer: {
    // BENCH_SERVER=dev (`npm run bench -- <scenario> --dev`): Vite's dev server, as `npm start`.
    command:
      process.env.BENCH_SERVER === 'dev'
        ? `npx vite --host localhost --port ${PORT} --strictPort`
        : `npx vite build && npx vite preview --port ${PORT}`,
    url: `http://localhost:${PORT}`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    reuseExistingServer: false,
    timeout: 180_000,
  },
});

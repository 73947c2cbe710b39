// Finds the Chromium that every config (Vitest gpu, Playwright e2e, bench) launches, and the flags
// that give it WebGPU without a GPU. Order: $CHROME_PATH, a system Chromium/Chrome on the PATH,
// Playwright's own download. `node scripts/browser.mjs` prints the path, or explains and exits 1.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** Thrown when no Chromium can be found; the message says what to install. */
export class BrowserNotFoundError extends Error {
  name = 'BrowserNotFoundError';
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    return found && isExecutable(found) ? found : null;
  } catch {
    return null;
  }
}

function playwrightOwn() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright');
    const path = chromium.executablePath();
    return path && isExecutable(path) ? path : null;
  } catch {
    return null;
  }
}

/** @returns {string} absolute path of a Chromium executable */
export function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new BrowserNotFoundError(`CHROME_PATH=${fromEnv} is not an executable file.`);
  }
  for (const name of SYSTEM_BROWSERS) {
    const path = onPath(name);
    if (path) return path;
  }
  const own = playwrightOwn();
  if (own) return own;
  throw new BrowserNotFoundError(
    'No Chromium found. Install one (Debian/Ubuntu: `apt-get update && apt-get install -y chromium`), ' +
      'or set CHROME_PATH to a Chromium/Chrome executable.',
  );
}

/** Flags that run WebGPU on SwiftShader (a CPU Vulkan) in headless Chromium. */
export const WEBGPU_FLAGS = [
  // WebGPU is off by default on Linux; this is the flag that turns it on.
  '--enable-unsafe-webgpu',
  // Pick SwiftShader explicitly so runs are the same with or without a real GPU present.
  '--use-webgpu-adapter=swiftshader',
];

/** Flags every launch needs on a CI box: root user, closed network, no profile. */
export const BASE_FLAGS = [
  // We run as root in containers, where Chromium's sandbox cannot start.
  '--no-sandbox',
  // The network is closed: background fetches fail noisily and slow start-up.
  '--disable-background-networking',
  // Component updates download from Google at start; there is no network for them.
  '--disable-component-update',
  // Sync needs an account and the network; neither exists here.
  '--disable-sync',
  // Skip the first-run dialogs and their work on a fresh profile.
  '--no-first-run',
];

export const WEBGPU_LAUNCH_ARGS = [...WEBGPU_FLAGS, ...BASE_FLAGS];

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(findBrowser());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

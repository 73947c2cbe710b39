// Takes a screenshot of a lab page as a visitor sees it (WebGPU on SwiftShader, or off with
// --no-webgpu): node scripts/screenshot.mjs <url> <out.png> [--no-webgpu] [--wait=<selector>]
// [--width=N] [--element=<selector>] (only that element, scrolled into view: a panel that scrolls
// inside the page, such as a settings column, is shown whole)
import { chromium } from 'playwright';
import { BASE_FLAGS, findBrowser, WEBGPU_LAUNCH_ARGS } from './browser.mjs';

const [url, out, ...flags] = process.argv.slice(2);
if (!url || !out) {
  console.error(
    'usage: node scripts/screenshot.mjs <url> <out.png> [--no-webgpu] [--wait=<selector>] [--width=N] [--element=<selector>]',
  );
  process.exit(2);
}
const option = (name) =>
  flags
    .find((f) => f.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=');
const browser = await chromium.launch({
  executablePath: findBrowser(),
  args: flags.includes('--no-webgpu') ? BASE_FLAGS : WEBGPU_LAUNCH_ARGS,
});
const page = await browser.newPage({ viewport: { width: Number(option('width') ?? 1280), height: 900 } });
page.on('console', (message) => {
  if (message.type() === 'error') console.error(`console error: ${message.text()}`);
});
await page.goto(url);
const wait = option('wait');
if (wait) await page.waitForSelector(wait, { timeout: 120_000 });
else await page.waitForTimeout(2000);
const element = option('element');
if (element) await page.locator(element).first().screenshot({ path: out });
else await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);

// `npm run pretrain [-- options]`: trains the shipped base model in headless Chromium through the
// lab's own engine (the same SFT job as the Trainer page, window.reasoningLab.startJob) and writes
// public/models/lab-base/. At the start and every few minutes the run's checkpoint (run.json,
// model.safetensors, optimizer.safetensors: the lab's one run format) goes to --out, a folder
// outside public/; `--resume` continues from it, so a run can be done in chunks. Ctrl-C (or
// --minutes) pauses at the next step and saves a checkpoint first. Run it alone: two cores, and
// the card says whether other processes used the CPU meanwhile.
//   --resume            continue from --out
//   --steps N           total optimizer steps (default 1500)
//   --minutes M         pause after M minutes of this chunk
//   --out DIR           checkpoint folder (default pretrain/lab-base)
//   --model-dir DIR     where the finished model goes (default public/models/lab-base)
//   --quick             a smoke run: tiny model, 4 steps, small evaluation, into --out/quick-model
import { execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright';
import { findBrowser, WEBGPU_LAUNCH_ARGS } from './browser.mjs';
import { busyFraction } from './cpuShare.mjs';

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const at = args.indexOf(flag);
  return at < 0 ? fallback : args[at + 1];
};
const quick = args.includes('--quick');
const resume = args.includes('--resume');
const out = option('--out', 'pretrain/lab-base');
const modelDir = option('--model-dir', quick ? join(out, 'quick-model') : 'public/models/lab-base');
const minutes = Number(option('--minutes', 'Infinity'));
const PORT = 4182;

const job = quick
  ? {
      training: {
        steps: 4,
        B: 4,
        T: 64,
        accumulation: 1,
        peakLr: 2e-3,
        warmupSteps: 1,
        minLrRatio: 0.1,
        adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 },
        evalEvery: 2,
        checkpointMinutes: 0,
        seed: 1,
      },
      mix: { add: 35, sub: 25, mul: 40, maxDigits: 2, think: 75, noThink: 15, budget: 10 },
      eval: {
        perCategory: 4,
        finalPerCategory: 8,
        modes: ['think', 'no_think'],
        maxNewTokens: 40,
        batch: 16,
      },
      start: { from: 'random', preset: 'tiny', seed: 1 },
    }
  : {
      // docs/lab-base.md §3: L2 d128, 32 x 128 per step, warm-up 100, cosine to 10 %,
      // peak 2e-3, weight decay 0.1, clip 1.0; 1500 steps (6.1 M positions) for the targets.
      training: {
        steps: Number(option('--steps', '1500')),
        B: 32,
        T: 128,
        accumulation: 1,
        peakLr: 2e-3,
        warmupSteps: 100,
        minLrRatio: 0.1,
        adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 },
        evalEvery: 100,
        checkpointMinutes: 5,
        seed: 1,
      },
      mix: { add: 35, sub: 25, mul: 40, maxDigits: 4, think: 75, noThink: 15, budget: 10 },
      eval: {
        perCategory: 50,
        finalPerCategory: 200,
        modes: ['think', 'no_think'],
        maxNewTokens: 110,
        batch: 100,
      },
      start: { from: 'random', preset: 'base', seed: 1 },
    };

const files = {
  run: join(out, 'run.json'),
  weights: join(out, 'model.safetensors'),
  optimizer: join(out, 'optimizer.safetensors'),
  log: join(out, 'chunks.json'),
};
mkdirSync(out, { recursive: true });
const chunks = resume && existsSync(files.log) ? JSON.parse(readFileSync(files.log, 'utf8')) : [];
const { start: freshStart, ...settings } = job;
let request = { kind: 'sft', start: freshStart, settings };
if (resume) {
  if (!existsSync(files.run)) {
    console.error(`--resume: no checkpoint in ${out} (run.json missing)`);
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(files.run, 'utf8'));
  request = {
    kind: 'sft',
    start: { from: 'checkpoint', files: { run, weights: 'weights', optimizer: 'optimizer', extras: {} } },
  };
  console.log(`resuming from step ${run.step} in ${out}`);
}

/** Writes a file whole or not at all (its folder made first: the model has onnx/model.onnx). */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

function gitCommit() {
  try {
    return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

console.log('building the lab (vite build) …');
if (spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
const stopServer = () => server.kill();
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://localhost:${PORT}/`)).ok) break;
  } catch {}
  if (i > 100) throw new Error('vite preview did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const chunk = {
  startedAt: new Date().toISOString(),
  fromStep: resume ? request.start.files.run.step : 0,
  wallMs: 0,
  otherCpu: [],
};
const sampler = setInterval(async () => chunk.otherCpu.push(await busyFraction()), 60_000);
const started = Date.now();
const browser = await chromium.launch({ executablePath: findBrowser(), args: WEBGPU_LAUNCH_ARGS });
const page = await browser.newPage();
page.on('console', (m) => m.type() === 'error' && console.log(`  [page] ${m.text()}`));
await page.exposeFunction('pretrainFile', (name) => readFileSync(files[name]).toString('base64'));
await page.exposeFunction('pretrainEvent', (event) => {
  if (event.type === 'step') {
    const p = event.point;
    if (p.step % 10 === 0 || p.step <= 3)
      console.log(
        `step ${p.step}: loss ${p.loss.toFixed(4)}, lr ${p.lr.toExponential(2)}, |g| ${p.gradNorm.toFixed(3)}, ${p.tokensPerSecond.toFixed(0)} tok/s, ETA ${(event.progress.etaMs / 60_000).toFixed(1)} min`,
      );
  } else if (event.type === 'eval') {
    const summary = event.report.categories
      .map((c) => `${c.name} ${((100 * c.correct) / c.n).toFixed(0)}%`)
      .join(', ');
    console.log(`eval at step ${event.report.step} (${(event.report.ms / 1000).toFixed(0)} s): ${summary}`);
  } else if (event.type === 'checkpoint') {
    writeAtomic(files.weights, Buffer.from(event.weights, 'base64'));
    writeAtomic(files.optimizer, Buffer.from(event.optimizer, 'base64'));
    writeAtomic(files.run, `${JSON.stringify(event.run)}\n`);
    chunk.wallMs = Date.now() - started;
    writeAtomic(files.log, `${JSON.stringify([...chunks, chunk], null, 1)}\n`);
    console.log(`checkpoint at step ${event.run.step} -> ${out}`);
  }
});
await page.goto(`http://localhost:${PORT}/`);
await page.waitForFunction(() => 'reasoningLab' in window);

const pause = async () => {
  console.log('pausing at the next step (a checkpoint is saved first) …');
  await page
    .evaluate(() => window.pretrainJob && window.reasoningLab.engine.controlJob(window.pretrainJob, 'pause'))
    .catch(() => {});
};
process.on('SIGINT', pause);
if (Number.isFinite(minutes)) setTimeout(pause, minutes * 60_000);

// Resolves when the job ends, or once it is paused (its checkpoint written): this chunk is done.
const outcome = await page.evaluate(async (request) => {
  const toBase64 = (bytes) => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (request.start.from === 'checkpoint') {
    request.start.files.weights = fromBase64(await window.pretrainFile('weights'));
    request.start.files.optimizer = fromBase64(await window.pretrainFile('optimizer'));
  }
  await window.reasoningLab.engine.init();
  return new Promise((resolve, reject) => {
    window.reasoningLab
      .startJob(request, (event) => {
        if (event.type === 'started') window.pretrainJob = event.job.id;
        if (event.type === 'paused') resolve({ id: window.pretrainJob, status: 'paused', step: event.step });
        if (event.type !== 'checkpoint') return window.pretrainEvent(event);
        const { run, weights, optimizer } = event.files;
        // Returned, so the engine waits until the files are on disk before it goes on.
        return window.pretrainEvent({
          type: 'checkpoint',
          run,
          weights: toBase64(weights),
          optimizer: toBase64(optimizer),
        });
      })
      .then(resolve, reject);
  });
}, request);
clearInterval(sampler);
chunk.wallMs = Date.now() - started;
chunk.outcome = outcome.status;
writeAtomic(files.log, `${JSON.stringify([...chunks, chunk], null, 1)}\n`);
console.log(`outcome: ${JSON.stringify(outcome)}`);

if (outcome.status === 'finished') {
  const model = await page.evaluate(async (id) => {
    const files = await window.reasoningLab.engine.jobFiles(id);
    const out = {};
    for (const [name, bytes] of Object.entries(files)) {
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      out[name] = btoa(text);
    }
    return out;
  }, outcome.id);
  mkdirSync(modelDir, { recursive: true });
  for (const [name, data] of Object.entries(model))
    writeAtomic(join(modelDir, name), Buffer.from(data, 'base64'));
  const run = JSON.parse(readFileSync(files.run, 'utf8'));
  const all = [...chunks, chunk];
  const other = all.flatMap((c) => c.otherCpu);
  const final = run.history.evals.at(-1);
  const card = {
    name: 'lab-base',
    trained: true,
    description:
      "The lab's base model: 2 layers, d 128, trained here by npm run pretrain (our WGSL kernels in headless Chromium) on the base arithmetic mixture.",
    config: run.config,
    seed: run.settings.training.seed,
    settings: run.settings.training,
    mix: run.settings.mix,
    steps: run.step,
    tokensSeen: run.tokens,
    trainMinutes: run.trainMs / 60_000,
    wallMinutes: all.reduce((sum, c) => sum + c.wallMs, 0) / 60_000,
    tokensPerSecond: (run.tokens / run.trainMs) * 1000,
    chunks: all.length,
    lossCurve: run.history.points
      .filter((p) => p.step % 10 === 0 || p.step === run.step)
      .map((p) => [p.step, p.tokens, p.loss]),
    evaluations: run.history.evals.map((e) => ({
      step: e.step,
      tokens: e.tokens,
      accuracy: Object.fromEntries(e.categories.map((c) => [c.name, c.correct / c.n])),
    })),
    heldOut: final.categories.map((c) => ({
      category: c.name,
      n: c.n,
      correct: c.correct,
      accuracy: c.correct / c.n,
      formatOk: c.formatOk / c.n,
    })),
    machine: {
      cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
      browser: `Chromium ${browser.version()}`,
      otherCpuMedian: other.length ? other.sort((a, b) => a - b)[Math.floor(other.length / 2)] : null,
      shared: other.some((f) => f > 0.3),
      note: 'otherCpu: the fraction of the machine used by processes outside this run, sampled each minute; shared = above 0.3 at any sample.',
    },
    gitCommit: gitCommit(),
    finishedAt: new Date().toISOString(),
  };
  writeAtomic(join(modelDir, 'card.json'), `${JSON.stringify(card, null, 1)}\n`);
  if (!quick) {
    const indexPath = 'public/models/index.json';
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index.default = 'lab-base';
    index.models = [
      {
        name: 'lab-base',
        summary:
          'The base model (2 layers, d 128), trained here on the arithmetic mixture by npm run pretrain.',
      },
      ...index.models.filter((m) => m.name !== 'lab-base'),
    ];
    writeAtomic(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  }
  console.log(`wrote ${modelDir}`);
}
await browser.close();
stopServer();
process.exit(outcome.status === 'diverged' ? 1 : 0);

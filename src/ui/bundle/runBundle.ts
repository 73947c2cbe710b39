// A job's run as one zip (FORMATS.md beside this file): written from its parts (run.json,
// metrics.csv, evals.csv, rollouts.jsonl where the kind keeps one, chart PNGs, the model's HF
// folder) and read back to the same parts, checked file by file. Pure: no DOM, no React, no GPU;
// the pages' save and open buttons (saveBundle.ts, openBundle.ts) do the rest.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  type EvalReport,
  echo,
  type FreshJobRequest,
  type JobKind,
  type JobTypesOf,
} from '../../engine/api.ts';
import type { RunStatus } from '../store/trainingRuns.ts';
import { BundleError, malformed } from './bundleError.ts';
import { BUNDLE_KINDS, isBundleKind, type KindFormat, type PerStep } from './bundleKinds.ts';
import { evalsFromCsv, evalsToCsv, pointsFromCsv, pointsToCsv } from './runBundleCsv.ts';

export const BUNDLE_FORMAT = 'reasoning-lab-bundle';
export const BUNDLE_VERSION = 1;

/** The model files every bundle's model/ folder holds (jobFiles adds the ONNX export and more). */
export const MODEL_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];

const STATUSES: readonly RunStatus[] = ['running', 'paused', 'finished', 'cancelled', 'diverged'];

/** run.json without its format line. */
export interface BundleRun<K extends JobKind> {
  kind: K;
  status: RunStatus;
  /** What happened to the run that the status does not say (a divergence), or null. */
  message: string | null;
  /** The last step the run took. */
  steps: number;
  /** ISO 8601 times: the run's start, and when the bundle was saved. */
  startedAt: string;
  savedAt: string;
  /** The lab's git commit the bundle was saved by (with -dirty for local changes), or null. */
  commit: string | null;
  /** The model the run started from, by name; null for a start of the method's own. */
  startModel: string | null;
  /** Where it started, as the page keeps it, and the settings as the job got them. */
  start: FreshJobRequest<K>['start'];
  settings: JobTypesOf<K>['settings'];
  /** The step the weights in model/ are from. */
  model: { step: number };
}

export interface RunBundle<K extends JobKind> {
  /** The zip's folder. */
  name: string;
  run: BundleRun<K>;
  points: JobTypesOf<K>['point'][];
  evals: EvalReport[];
  /** What every step left to show (GRPO: its rollouts); empty for a kind that keeps nothing. */
  perStep: PerStep<JobTypesOf<K>['latest']>;
  /** model/'s files by path inside it, e.g. 'onnx/model.onnx'. */
  model: Record<string, Uint8Array>;
  /** PNGs by chart name (charts/<name>.png); what the page drew, not read back into charts. */
  charts: Record<string, Uint8Array>;
}

export type AnyRunBundle = { [K in JobKind]: RunBundle<K> }[JobKind];

export function writeBundle<K extends JobKind>(bundle: RunBundle<K>): Uint8Array {
  const { name, run } = bundle;
  const kind: KindFormat<K> = BUNDLE_KINDS[run.kind];
  const json = { format: `${BUNDLE_FORMAT}/${BUNDLE_VERSION}`, ...run };
  const files: Record<string, Uint8Array> = {
    'run.json': strToU8(`${JSON.stringify(json, null, 2)}\n`),
    'metrics.csv': strToU8(pointsToCsv(kind.columns, bundle.points)),
    'evals.csv': strToU8(evalsToCsv(bundle.evals)),
  };
  if (kind.perStep) files[kind.perStep.file] = strToU8(kind.perStep.write(bundle.perStep));
  for (const [chart, png] of Object.entries(bundle.charts)) files[`charts/${chart}.png`] = png;
  for (const [path, bytes] of Object.entries(bundle.model)) files[`model/${path}`] = bytes;
  // Weights and PNGs are stored: compressing them saves little and takes time.
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([path, bytes]) => [
        `${name}/${path}`,
        [bytes, { level: /\.(csv|json|jsonl)$/.test(path) ? 6 : 0 }],
      ]),
    ),
  );
}

/** The zip's files by path inside its one folder (or at its top), and that folder's name. */
function unpack(bytes: Uint8Array, fileName: string) {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new BundleError(
      'not-zip',
      `${fileName} is not a zip archive, so it cannot be a run bundle.`,
      'Open the .zip the "Download the run bundle" button saved.',
    );
  }
  const paths = Object.keys(entries).filter((p) => !p.endsWith('/'));
  const roots = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '')));
  const root = paths.includes('run.json') ? '' : roots.size === 1 ? [...roots][0] : null;
  const prefix = root ? `${root}/` : '';
  if (root === null || !paths.includes(`${prefix}run.json`)) {
    throw new BundleError(
      'missing-file',
      `${fileName} holds no run.json in one folder, so it is not a run bundle.`,
      'Open the .zip the "Download the run bundle" button saved, as it was saved.',
      'run.json',
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const path of paths) if (path.startsWith(prefix)) files.set(path.slice(prefix.length), entries[path]);
  return { name: root || fileName.replace(/\.zip$/i, ''), files };
}

function parseRunJson(bytes: Uint8Array): BundleRun<JobKind> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(strFromU8(bytes));
  } catch {
    throw malformed('run.json', '', 'it is not JSON');
  }
  if (typeof json !== 'object' || json === null) throw malformed('run.json', '', 'it is not a JSON object');
  const format = String(json.format);
  const version = format.match(/^reasoning-lab-bundle\/(\d+)$/)?.[1];
  if (version === undefined || Number(version) < 1) {
    const checkpoint = /^reasoning-lab-run\//.test(format);
    throw new BundleError(
      'not-bundle',
      checkpoint
        ? 'This zip is a run checkpoint, not a run bundle: it has no metrics or charts to show.'
        : `run.json says its format is ${echo(format)}, not ${BUNDLE_FORMAT}/${BUNDLE_VERSION}: this is not a Reasoning Lab run bundle.`,
      'Open the .zip the "Download the run bundle" button saved.',
      'run.json',
    );
  }
  if (Number(version) > BUNDLE_VERSION) {
    throw new BundleError(
      'newer-version',
      `This run bundle is version ${version}; this lab reads version ${BUNDLE_VERSION} and older.`,
      'Open it in the newer lab that saved it, or update this one.',
      'run.json',
    );
  }
  if (!isBundleKind(json.kind)) {
    throw new BundleError(
      'unknown-kind',
      `This run bundle is of a job kind ${echo(String(json.kind))} that this lab does not know.`,
      `This lab shows runs of ${Object.keys(BUNDLE_KINDS).join(', ')}; open it in the lab that saved it.`,
      'run.json',
    );
  }
  const check = (ok: boolean, field: string, what: string) => {
    if (!ok) throw malformed('run.json', field, what);
  };
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isStep = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  const orNull = (v: unknown) => v === null || typeof v === 'string';
  check(STATUSES.includes(json.status as RunStatus), 'status', `it is not one of ${STATUSES.join(', ')}`);
  check(orNull(json.message), 'message', 'it is not text or null');
  check(isStep(json.steps), 'steps', 'it is not a step number');
  for (const date of ['startedAt', 'savedAt'])
    check(!Number.isNaN(Date.parse(String(json[date]))), date, 'it is not a date');
  check(orNull(json.commit), 'commit', 'it is not text or null');
  check(orNull(json.startModel), 'startModel', 'it is not text or null');
  check(
    isObject(json.start) && typeof (json.start as { from?: unknown }).from === 'string',
    'start',
    'it names no start',
  );
  check(isObject(json.settings), 'settings', 'it is not an object');
  check(isObject(json.model) && isStep((json.model as { step?: unknown }).step), 'model', 'it names no step');
  const { format: _, ...run } = json;
  return run as unknown as BundleRun<JobKind>;
}

/**
 * The parts of a bundle written by writeBundle, every file checked.
 * @throws BundleError: not a zip, not a bundle (no run.json, another format), a newer version, a
 *   kind this lab does not know, a missing file, or a file that is not what FORMATS.md says
 */
export function readBundle(bytes: Uint8Array, fileName: string): AnyRunBundle {
  const { name, files } = unpack(bytes, fileName);
  const run = parseRunJson(files.get('run.json') as Uint8Array);
  const kind = BUNDLE_KINDS[run.kind] as (typeof BUNDLE_KINDS)[JobKind];
  const needed = ['metrics.csv', 'evals.csv', ...MODEL_FILES.map((f) => `model/${f}`)];
  if (kind.perStep) needed.push(kind.perStep.file);
  const missing = needed.find((file) => !files.has(file));
  if (missing) {
    throw new BundleError(
      'missing-file',
      `The run bundle ${name} lacks ${missing}.`,
      'Keep every file of the bundle together: open the .zip as the lab saved it.',
      missing,
    );
  }
  const text = (file: string) => strFromU8(files.get(file) as Uint8Array);
  try {
    JSON.parse(text('model/config.json'));
  } catch {
    throw malformed('model/config.json', '', 'it is not JSON');
  }
  const within = (prefix: string, suffix = '') =>
    Object.fromEntries(
      [...files]
        .filter(([path]) => path.startsWith(prefix) && path.endsWith(suffix))
        .map(([path, data]) => [path.slice(prefix.length, path.length - suffix.length), data]),
    );
  return {
    name,
    run,
    points: pointsFromCsv(kind.columns, text('metrics.csv')),
    evals: evalsFromCsv(text('evals.csv')),
    perStep: kind.perStep ? kind.perStep.read(text(kind.perStep.file)) : [],
    model: within('model/'),
    charts: within('charts/', '.png'),
  } as AnyRunBundle;
}

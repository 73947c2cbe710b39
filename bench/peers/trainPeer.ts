// The Node side of benchmark `train`'s PyTorch peer: for each size the browser measured, writes
// our checkpoint (the same seeded weights: saveCheckpoint of randomWeights) and the same batch to
// bench/out/train-peer/<size>/, runs bench/peers/train_torch.py with OpenBLAS (Debian's torch
// otherwise calls the reference BLAS) and adds its tokens/s, losses and the ratio to the rows.
// The peer names the BLAS library its process loaded; against the reference BLAS (~20x slower
// than OpenBLAS here) or an unknown one, no ratio is reported, and the notes say how to fix it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { BENCH_SIZES, benchConfig, benchSizeName } from '../../src/bench/modelSizes.ts';
import { trainBenchBatch } from '../../src/bench/trainData.ts';
import { TRAIN_BATCH, TRAIN_LR, trainSteps } from '../../src/bench/trainSettings.ts';
import type { PublishedResult } from '../../src/bench/types.ts';
import { saveCheckpoint } from '../../src/model/checkpoint.ts';
import { randomWeights } from '../../src/model/parameters.ts';
import { DEFAULT_ADAMW } from '../../src/train/optimizerReference.ts';

const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
/** Debian's torch belongs to the system Python, which may not be the first python3 on the PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface PeerRun {
  tokens_per_s: number;
  ms_per_step: number;
  losses: number[];
  torch: string;
  threads: number;
  blas: string;
}

export type BlasKind = 'openblas' | 'mkl' | 'blis' | 'reference' | 'unknown';

/** Which BLAS a loaded library's path is: an optimized one, the reference (netlib) or unknown. */
export function blasKind(path: string): BlasKind {
  const file = path.toLowerCase();
  if (file.includes('openblas')) return 'openblas';
  if (file.includes('mkl')) return 'mkl';
  if (file.includes('blis')) return 'blis';
  if (/libblas\.so/.test(file)) return 'reference';
  return 'unknown';
}

export const OPENBLAS_FIX = `apt-get install libopenblas0-openmp (Debian; bench/peers/trainPeer.ts loads it from ${OPENBLAS})`;

export function addTrainPeer(result: PublishedResult): void {
  const steps = trainSteps(result.mode);
  for (const row of result.rows) {
    const size = BENCH_SIZES.find((s) => benchSizeName(s) === row.config);
    if (!size || row.kernel !== null) continue;
    const config = benchConfig(size);
    const folder = `bench/out/train-peer/${benchSizeName(size).replace(' ', '-')}`;
    mkdirSync(folder, { recursive: true });
    const files = saveCheckpoint(config, randomWeights(config, result.seed));
    writeFileSync(`${folder}/config.json`, files['config.json']);
    writeFileSync(`${folder}/model.safetensors`, files['model.safetensors']);
    const batch = trainBenchBatch(result.seed, TRAIN_BATCH.B, TRAIN_BATCH.T, config.vocab_size);
    writeFileSync(
      `${folder}/batch.json`,
      JSON.stringify({
        B: TRAIN_BATCH.B,
        T: TRAIN_BATCH.T,
        inputs: Array.from(batch.input.indices),
        targets: Array.from(batch.targets),
        mask: Array.from(batch.mask),
        lr: TRAIN_LR,
        adamw: DEFAULT_ADAMW,
      }),
    );
    const output = execFileSync(PYTHON, ['bench/peers/train_torch.py', folder, String(steps)], {
      encoding: 'utf8',
      env: { ...process.env, LD_LIBRARY_PATH: OPENBLAS, OMP_NUM_THREADS: '2' },
      maxBuffer: 1 << 24,
    });
    const peer = JSON.parse(output.trim().split('\n').at(-1) as string) as PeerRun;
    // From the full-precision losses string: merged numeric cells are rounded to 4 digits.
    const oursLast = Number(String(row.losses).split(' ').at(-1));
    const peerLast = peer.losses.at(-1) as number;
    const blas = blasKind(peer.blas);
    const optimized = blas === 'openblas' || blas === 'mkl' || blas === 'blis';
    Object.assign(row, {
      peer_blas: blas,
      peer_tokens_per_s: Number(peer.tokens_per_s.toFixed(1)),
      peer_ms_per_step: Number(peer.ms_per_step.toFixed(1)),
      peer_loss_last: Number(peerLast.toFixed(5)),
      ours_over_peer: optimized
        ? Number(((row.ours_tokens_per_s as number) / peer.tokens_per_s).toFixed(4))
        : null,
      loss_gap: Number(Math.abs(oursLast - peerLast).toExponential(2)),
      peer_losses: peer.losses.map((l) => l.toFixed(6)).join(' '),
    });
    result.notes.push(`peer ${row.config}: torch ${peer.torch}, ${peer.threads} threads, BLAS ${peer.blas}.`);
    if (!optimized) {
      result.notes.push(
        `peer ${row.config}: no ratio, the peer ran on ${blas === 'reference' ? 'the reference BLAS' : 'a BLAS it could not name'} (${peer.blas}), which would make ours look many times faster than it is; ${OPENBLAS_FIX}.`,
      );
    }
  }
}

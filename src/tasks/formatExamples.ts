// formatExamples.ts: one generated example of every training and prompt format, from fixed seeds.
// FORMATS.md pastes them and formatExamples.test.ts checks that it still contains each one, so
// the document cannot drift from the code. Example: formatExamples()[1] is the think format.

import { arithmeticWorld } from './arithmetic.ts';
import { corpusWorld } from './corpus.ts';
import { generateProblem } from './index.ts';
import { instructionPoolWorld } from './instructionPool.ts';
import { judgeWorld } from './judge.ts';
import { multiSumWorld } from './multiSum.ts';
import { EXPERIENCE_ITEMS } from './textGame.ts';
import { textGameWorld } from './textGameWorld.ts';

export interface FormatExample {
  id: string;
  title: string;
  prompt: string;
  completion: string;
}

const SEED = 7;

export function formatExamples(): FormatExample[] {
  const arithmetic = (format: 'plain' | 'think' | 'no_think' | 'budget', verbose = false) =>
    generateProblem(arithmeticWorld, SEED, 3, { op: 'add', operands: [347, 85], format, verbose });
  const multiSum = generateProblem(multiSumWorld, SEED, 6);
  const game = generateProblem(textGameWorld, SEED, 2);
  const gameWithExperience = generateProblem(textGameWorld, SEED, 2, {
    experience: [EXPERIENCE_ITEMS.hole, EXPERIENCE_ITEMS.goal],
  });
  const wrongItem = generateProblem(instructionPoolWorld, SEED, 2, { quality: 'wrong', kind: 'add' });
  const capsItem = generateProblem(instructionPoolWorld, SEED, 2, { quality: 'correct', kind: 'caps' });
  const rows: [string, string, { prompt: string; target: string }][] = [
    ['plain', 'Plain CoT', arithmetic('plain')],
    ['think', 'Think', arithmetic('think')],
    ['no_think', 'No-think', arithmetic('no_think')],
    ['budget', 'Budget', arithmetic('budget')],
    ['budget-verbose', 'Budget over a verbose CoT', arithmetic('budget', true)],
    ['mul-2x2', 'Two-digit multiplication CoT', generateProblem(arithmeticWorld, SEED, 4, { op: 'mul' })],
    ['organizer', 'Organizer trace', multiSum],
    ['worker', 'Worker trace', multiSum.workers[0]],
    ['sequential', 'Sequential multi-sum', { prompt: multiSum.prompt, target: multiSum.sequentialTarget }],
    ['judge', 'Reasoning judge', generateProblem(judgeWorld, SEED, 2)],
    ['judge-direct', 'Direct judge', generateProblem(judgeWorld, SEED, 2, { format: 'no_think' })],
    ['game', 'Game transcript', game],
    ['game-experience', 'Game with experience', gameWithExperience],
    ['corpus', 'Next-token reasoning', generateProblem(corpusWorld, SEED, 2, { kind: 'computed' })],
    [
      'pool-wrong',
      'Pool item (wrong)',
      { prompt: wrongItem.example.prompt, target: wrongItem.example.completion },
    ],
    ['pool-caps', 'Pool item (caps)', capsItem],
  ];
  return rows.map(([id, title, p]) => ({ id, title, prompt: p.prompt, completion: p.target }));
}

/** The Markdown block FORMATS.md shows for a text: a fenced `text` block, verbatim. */
export function fenced(text: string): string {
  return `\`\`\`text\n${text}\n\`\`\``;
}

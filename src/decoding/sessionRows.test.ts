// The session's book on its own (no model): stop strings look only at the current turn, so a row
// revived by an append does not stop again on its old stop string; a cut removes the tokens past
// the stop from the text too; copies are independent; the stream reports each token once; the
// attention count leaves out a last sampled token (never fed); bad options are RangeErrors.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../model/config.ts';
import { encode } from '../model/tokenizer.ts';
import { RowBook } from './sessionRows.ts';
import type { SessionOptions } from './sessionTypes.ts';

const config = defaultConfig();
const OPTIONS: SessionOptions = {
  maxRows: 3,
  maxNewTokens: 20,
  sampling: { temperature: 1, topK: 0, topP: 1 },
  seed: 1,
  stopStrings: ['!'],
};
const tokens = (text: string) => encode(text);
const receive = (book: RowBook, id: number, text: string) => {
  const t = tokens(text);
  book.received(
    book.row(id),
    t,
    t.map(() => -1),
    t.map(() => 0.5),
  );
};

describe('the session book', () => {
  it('stops on a stop string within the current turn only, cutting what follows it', () => {
    const book = new RowBook(OPTIONS, config);
    const [row] = book.addPrompts([{ tokens: tokens('Q:'), sequence: 3 }]);
    receive(book, 0, 'ab!cd');
    expect(book.applyStop(row)).toBe(2);
    expect(row).toMatchObject({ status: 'finished', finish: 'stop', tokens: tokens('ab!'), cached: 4 });
    expect(row.text).toEqual(tokens('ab!'));
    book.appended(row, tokens('ok'));
    expect(row).toMatchObject({ status: 'running', finish: null, cached: 7, turnStart: 3 });
    receive(book, 0, 'xy');
    expect(book.applyStop(row)).toBeNull();
    expect(row.sources).toEqual([
      'sampled',
      'sampled',
      'sampled',
      'appended',
      'appended',
      'sampled',
      'sampled',
    ]);
    expect(row.processed).toBe(row.length - 1);
    expect(row.draws).toBe(5);
  });

  it('copies rows independently and streams each sampled token once', () => {
    const book = new RowBook(OPTIONS, config);
    book.addPrompts([{ tokens: tokens('Q') }]);
    receive(book, 0, 'ab');
    expect(book.update().newTokens).toEqual([tokens('ab')]);
    const [copy] = book.addCopies([{ from: 0, sequence: 9 }]);
    receive(book, 1, 'c');
    receive(book, 0, 'd');
    expect(book.update()).toEqual({ newTokens: [tokens('d'), tokens('c')], steps: 2, finished: 0 });
    expect(copy).toMatchObject({ id: 1, sequence: 9, prompt: tokens('Q') });
    expect(book.row(0).tokens).toEqual(tokens('abd'));
    expect(book.sequence(1)).toMatchObject({
      row: 1,
      tokens: tokens('abc'),
      drawnBefore: 0,
      status: 'running',
    });
  });

  it('refuses options, prompts and copies that do not fit, naming them', () => {
    expect(() => new RowBook({ ...OPTIONS, maxNewTokens: 1.5 }, config)).toThrow(/maxNewTokens = 1.5/);
    expect(
      () => new RowBook({ ...OPTIONS, sampling: { temperature: -1, topK: 0, topP: 1 } }, config),
    ).toThrow(/temperature/);
    expect(() => new RowBook({ ...OPTIONS, multiplex: { width: 9, merge: 'averaged' } }, config)).toThrow(
      /width/,
    );
    const book = new RowBook(OPTIONS, config);
    expect(() => book.addPrompts([{ tokens: [] }])).toThrow(/prompt 0 has 0 tokens/);
    expect(() => book.addPrompts([{ tokens: new Array(65).fill(5) }])).toThrow(/1\.\.64/);
    expect(() => book.addPrompts([{ tokens: [1], sequence: -1 }])).toThrow(/rng sequence -1/);
    expect(() => book.addCopies([{ from: 0 }])).toThrow(/row 0 does not exist/);
    book.addPrompts([{ tokens: [1] }, { tokens: [2] }]);
    expect(() => book.addCopies([{ from: 0 }, { from: 1 }])).toThrow(/2 more rows do not fit/);
    expect(book.rows).toHaveLength(2);
    expect(() => book.checkSteps(-1)).toThrow(/step\(-1\)/);
  });
});

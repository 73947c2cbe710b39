// The Attention page's step, layer and head: the URL's within the model and the sequence, and a
// notice for each it had to bring back.
import { describe, expect, it } from 'vitest';
import { selectAttention } from './attentionSelection.ts';

const TINY = { layers: 2, heads: 4, tokens: 24 };

describe('the Attention page selection', () => {
  it('shows what the URL asks for when the model and the sequence have it', () => {
    expect(selectAttention({ step: 23, layer: 1, head: 3 }, TINY)).toEqual({
      step: 23,
      layer: 1,
      head: 3,
      notices: [],
    });
  });

  it('brings a step, layer or head past the last back to it, and says so', () => {
    expect(selectAttention({ step: 255, layer: 63, head: 63 }, TINY)).toEqual({
      step: 23,
      layer: 1,
      head: 3,
      notices: [
        'URL parameter step="255" is past the last generated step (23); using 23.',
        'URL parameter layer="63" is past this model\'s last layer (1); using 1.',
        'URL parameter head="63" is past this model\'s last head (3); using 3.',
      ],
    });
  });

  it('checks nothing before there is a model or a result', () => {
    expect(
      selectAttention({ step: 255, layer: 63, head: 63 }, { layers: 0, heads: 0, tokens: null }),
    ).toEqual({ step: 0, layer: 0, head: 0, notices: [] });
  });
});

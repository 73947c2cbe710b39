// Which step, layer and head the Attention page shows. The URL allows up to step 255, layer 63 and
// head 63; the loaded model and the generated sequence may have fewer, and then the page shows
// the last there is, with a notice saying what was asked and what is shown instead.
import { paramNotice } from '../url.ts';

export interface AttentionAsked {
  step: number;
  layer: number;
  head: number;
}

export interface AttentionBounds {
  /** The model's layers and heads; 0 before a model is loaded (nothing to check yet). */
  layers: number;
  heads: number;
  /** Tokens generated; null before a result. */
  tokens: number | null;
}

export interface AttentionSelection extends AttentionAsked {
  notices: string[];
}

export function selectAttention(asked: AttentionAsked, bounds: AttentionBounds): AttentionSelection {
  const notices: string[] = [];
  const within = (name: keyof AttentionAsked, count: number | null, what: string): number => {
    if (count === null || count === 0) return 0;
    const last = Math.max(0, count - 1);
    if (asked[name] <= last) return asked[name];
    notices.push(paramNotice(name, String(asked[name]), `is past ${what} (${last})`, last));
    return last;
  };
  return {
    step: within('step', bounds.tokens, 'the last generated step'),
    layer: within('layer', bounds.layers, "this model's last layer"),
    head: within('head', bounds.heads, "this model's last head"),
    notices,
  };
}

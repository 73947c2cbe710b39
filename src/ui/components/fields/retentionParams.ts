// The retention settings of every page that trains with GRPO, as URL parameters: the panel
// (`retain`: `card`, the default, takes the categories the start model's card says it solved,
// less the task's own; `none`; or a comma-separated list such as `add3 think,mul2x2 think`), its
// problems per category (`retainN`) and the replay share (`replay`). retentionOf turns them into
// the job's settings for a task and a card; retentionValuesOf gives a run's settings back.
import { DEFAULT_GRPO, type GrpoJobSettings } from '../../../engine/api.ts';
import {
  type CardRetentionFacts,
  defaultRetention,
  PANEL_LEVELS,
  PANEL_SOURCE_SIZE,
} from '../../../engine/retentionApi.ts';
import { floatParam, intParam, type ParamSpec } from '../../url.ts';

/** The card's choice, or an explicit list of categories (empty: no panel). */
export type PanelChoice = 'card' | string[];

const CATEGORIES = PANEL_LEVELS.map((l) => l.category);

export const panelParam: ParamSpec<PanelChoice> = {
  fallback: 'card',
  parse(raw) {
    if (raw === 'card') return 'card';
    if (raw === 'none') return [];
    const parts = raw.split(',').filter((p) => p !== '');
    const unknown = parts.filter((p) => !CATEGORIES.includes(p));
    if (unknown.length > 0 || parts.length === 0) {
      return {
        problem: `names ${unknown.join(', ') || 'nothing'}: use card, none, or categories of ${CATEGORIES.join(', ')}`,
      };
    }
    return CATEGORIES.filter((c) => parts.includes(c));
  },
  format: (value) => (value === 'card' ? 'card' : value.length === 0 ? 'none' : value.join(',')),
};

export const RETENTION_PARAMS = {
  retain: panelParam,
  retainN: intParam(DEFAULT_GRPO.retention.perCategory, 1, PANEL_SOURCE_SIZE),
  replay: floatParam(DEFAULT_GRPO.replayShare, 0, 0.75),
};

export type RetentionValues = {
  retain: PanelChoice;
  retainN: number;
  replay: number;
};

/** The job's retention settings for `task` from the start model's card (null: it has none). */
export function retentionOf(
  values: RetentionValues,
  card: CardRetentionFacts | null,
  task: GrpoJobSettings['task'],
): Pick<GrpoJobSettings, 'retention' | 'replayShare'> {
  const fromCard = defaultRetention(card, task, values.retainN);
  return {
    retention: values.retain === 'card' ? fromCard : { ...fromCard, categories: values.retain },
    replayShare: values.replay,
  };
}

/** The values that give back a run's panel and replay (its categories as an explicit list). */
export function retentionValuesOf(
  settings: Pick<GrpoJobSettings, 'retention' | 'replayShare'>,
): RetentionValues {
  const retention = settings.retention ?? DEFAULT_GRPO.retention;
  return {
    retain: [...retention.categories],
    retainN: Math.max(1, retention.perCategory),
    replay: settings.replayShare ?? 0,
  };
}

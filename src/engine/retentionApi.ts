// What the UI needs of an RL run's retention (methods/retention/): the panel's categories and the
// default chosen from a card, the change since the start with its verdict and margin, replay's
// prompt count, and the published retention sweep's rows (methods/grpo/retentionSweep.ts). Beside
// api.ts, which stays the door for everything else.
export { SWEEP_ARMS, SWEEP_RESULTS, type SweepArm, type SweepRow } from '../methods/grpo/retentionSweep.ts';
export {
  type CategoryChange,
  RETENTION_MARGIN,
  type RetentionChange,
  type RetentionVerdict,
  retentionChange,
} from '../methods/retention/retentionChange.ts';
export {
  type CardRetentionFacts,
  defaultRetention,
  PANEL_LEVELS,
  PANEL_SOURCE_SIZE,
  RETENTION_THRESHOLD,
  type RetentionSettings,
  targetCategories,
} from '../methods/retention/retentionPanel.ts';
export type { RetentionRow } from '../methods/retention/retentionRows.ts';
export { replayCount } from '../train/grpo/replay.ts';

import { describe, expect, it } from 'vitest';
import { heldInMemory, lostWithReload, resumedAfterDeviceLoss } from './runNotices.ts';

describe('what a reload lost', () => {
  it('names the checkpoint and exactly the steps after it', () => {
    expect(lostWithReload(12, 15)).toBe(
      'The page was reloaded while the run was going: steps 13–15 were lost with the reload; resume it from its checkpoint at step 12.',
    );
    expect(lostWithReload(0, 1)).toMatch(
      /: step 1 was lost with the reload; resume it from its checkpoint at step 0\.$/,
    );
    expect(lostWithReload(7, 7)).toMatch(/nothing was lost: resume it from its checkpoint at step 7\.$/);
  });
});

describe('a checkpoint the full storage refused', () => {
  it('says the run goes on and where a reload would go back to', () => {
    expect(heldInMemory(12, 0)).toBe(
      "The checkpoint at step 12 is held in memory only (this browser's storage is full): the run goes on, and a reload would go back to the checkpoint kept at step 0.",
    );
    expect(heldInMemory(0, null)).toMatch(/a reload would lose the run, which has no checkpoint kept\.$/);
  });
});

describe('a run carried over a lost GPU device', () => {
  it('names where the device was lost, the checkpoint it goes on from and the steps trained again', () => {
    expect(resumedAfterDeviceLoss(9, 6)).toBe(
      'The GPU device was lost at step 9: the lab acquired a new one and the run goes on from its checkpoint at step 6 (steps 7–9 are trained again).',
    );
    expect(resumedAfterDeviceLoss(7, 6)).toMatch(/\(step 7 is trained again\)\.$/);
    expect(resumedAfterDeviceLoss(6, 6)).toMatch(/\(no step is trained again\)\.$/);
  });
});

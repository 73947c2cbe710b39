// What a training page says about a run the page lost while it was going (a reload, a closed
// tab): which checkpoint it is back at and exactly which steps went with the page; and about a
// checkpoint the browser's full storage could not keep; and about a run the lab carried over a
// lost GPU device.

/** `checkpointStep`: the stored checkpoint's step; `lastStep`: the last step the page stored. */
export function lostWithReload(checkpointStep: number, lastStep: number): string {
  const back = `resume it from its checkpoint at step ${checkpointStep}`;
  if (lastStep <= checkpointStep)
    return `The page was reloaded while the run was going; nothing was lost: ${back}.`;
  const lost =
    lastStep === checkpointStep + 1 ? `step ${lastStep} was` : `steps ${checkpointStep + 1}–${lastStep} were`;
  return `The page was reloaded while the run was going: ${lost} lost with the reload; ${back}.`;
}

/** A run that went away before its first checkpoint was stored. */
export const LOST_BEFORE_CHECKPOINT =
  'The page was reloaded before the run stored its first checkpoint: there is nothing to resume. Start it again.';

/** A checkpoint at `step` the full storage refused; `keptStep`: the one still kept, or null. */
export function heldInMemory(step: number, keptStep: number | null): string {
  const reload =
    keptStep === null
      ? 'a reload would lose the run, which has no checkpoint kept'
      : `a reload would go back to the checkpoint kept at step ${keptStep}`;
  return `The checkpoint at step ${step} is held in memory only (this browser's storage is full): the run goes on, and ${reload}.`;
}

/** The GPU was lost at `lostAt`; the run went on from its checkpoint at `checkpointStep` on a new device. */
export function resumedAfterDeviceLoss(lostAt: number, checkpointStep: number): string {
  const redone =
    lostAt <= checkpointStep
      ? 'no step is trained again'
      : lostAt === checkpointStep + 1
        ? `step ${lostAt} is trained again`
        : `steps ${checkpointStep + 1}–${lostAt} are trained again`;
  return `The GPU device was lost at step ${lostAt}: the lab acquired a new one and the run goes on from its checkpoint at step ${checkpointStep} (${redone}).`;
}

// The test seam for a full storage: a plan that makes IndexedDB writes fail as a full disk does, with
// a QuotaExceededError, once a byte budget is spent (0: the next write fails), optionally only for
// some object stores. Off unless a test switches it on (window.reasoningLab.testing.failStorage);
// each realm (the page, the engine's worker) holds its own plan.

export interface StorageFaultPlan {
  /** Bytes that may still be written before a write fails; 0 (the default): the next write fails. */
  afterBytes?: number;
  /** Only writes to these object stores spend the budget and fail (default: every store). */
  stores?: string[];
}

let plan: { budget: number; stores: string[] | null } | null = null;

/** Switches the failing storage on with `next`, or off with null. */
export function failStorage(next: StorageFaultPlan | null): void {
  plan = next && { budget: next.afterBytes ?? 0, stores: next.stores ?? null };
}

/**
 * The error a write of `bytes` to `store` meets under the plan, or null when it may go ahead (it
 * then spends its bytes of the budget). Always null while no plan is on.
 */
export function plannedFault(store: string, bytes: number): DOMException | null {
  if (!plan || (plan.stores && !plan.stores.includes(store))) return null;
  if (bytes > plan.budget) return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  plan.budget -= bytes;
  return null;
}

// How much of the machine processes outside this one's tree used over a short window (Linux
// /proc): 0 = only this run (and idle), 1 = every core busy with others. The pretrain card
// records it to say whether the machine was shared. Elsewhere than Linux it returns null.
import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of this process and all its descendants, in the clock ticks /proc/stat counts. */
function treeTicks() {
  const parent = new Map();
  const ticks = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {}
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total;
}

/** Busy ticks and all ticks of the whole machine (every core). */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3] + n[4];
  const all = n.reduce((a, b) => a + b, 0);
  return { busy: all - idle, all };
}

/** @returns {Promise<number | null>} */
export async function busyFraction(windowMs = 5000) {
  try {
    const [m0, t0] = [machineTicks(), treeTicks()];
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const [m1, t1] = [machineTicks(), treeTicks()];
    const all = m1.all - m0.all;
    const others = m1.busy - m0.busy - (t1 - t0);
    return all > 0 ? Math.max(0, others / all) : 0;
  } catch {
    return null;
  }
}

// organizerProtocol.ts: checks an AsyncThink organizer trace against the fork/join protocol
// (docs/methods/asyncthink.md), for the multi-sum verifier and AsyncThink's format penalty.
// Grammar: `<fork>I:QUERY</fork>` starts worker I; `<join>I</join>` waits for it; the runtime then
// pastes `<ret>RESULT</ret>`. Example: '<fork>1:3+4</fork><join>1</join><ret>7</ret>' is legal.

import { type Parsed, quote } from './formats.ts';

export interface OrganizerEvents {
  forks: { index: number; query: string }[];
  /** Worker indices in join order. */
  joins: number[];
  /** The text of each pasted `<ret>`, in order. */
  returns: string[];
}

const TAG = /<(\/?)(fork|join|ret)>/g;

/**
 * Parses the organizer's part of a trace (everything before `<answer>`). Rejects: an unclosed or
 * stray tag, a fork body other than `INDEX:QUERY` with QUERY like '12+7+30', a fork index used
 * twice, more than `maxActive` workers running at once (pool overflow), a join body other than a
 * forked index, a worker joined twice, and a `<ret>` that does not directly follow `</join>`.
 * Forked workers that are never joined are allowed (they only cost latency).
 */
export function checkOrganizerProtocol(trace: string, maxActive: number): Parsed<OrganizerEvents> {
  const events: OrganizerEvents = { forks: [], joins: [], returns: [] };
  const active = new Set<number>();
  const joined = new Set<number>();
  let joinEnd = -1;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(trace); match !== null; match = TAG.exec(trace)) {
    const [tag, slash, name] = match;
    if (slash === '/') return fail(`stray ${tag}`);
    const bodyStart = match.index + tag.length;
    const close = trace.indexOf(`</${name}>`, bodyStart);
    if (close === -1) return fail(`unclosed <${name}>`);
    const body = trace.slice(bodyStart, close);
    if (/<\/?(fork|join|ret)>/.test(body)) return fail(`nested tag inside <${name}>`);
    const end = close + name.length + 3;
    TAG.lastIndex = end;
    if (name === 'ret') {
      if (joinEnd !== match.index) return fail('<ret> that does not directly follow </join>');
      events.returns.push(body);
      continue;
    }
    if (name === 'fork') {
      const fork = /^([0-9]{1,3}):([0-9]{1,6}(?:\+[0-9]{1,6})*)$/.exec(body);
      if (!fork) return fail(`malformed fork ${quote(body)} (expected INDEX:QUERY)`);
      const index = Number(fork[1]);
      if (events.forks.some((f) => f.index === index)) return fail(`fork index ${index} used twice`);
      if (active.size >= maxActive)
        return fail(`pool overflow: fork ${index} while ${active.size} workers run`);
      events.forks.push({ index, query: fork[2] });
      active.add(index);
      continue;
    }
    const index = /^[0-9]{1,3}$/.test(body) ? Number(body) : Number.NaN;
    if (Number.isNaN(index)) return fail(`malformed join ${quote(body)}`);
    if (joined.has(index)) return fail(`worker ${index} joined twice`);
    if (!active.has(index)) return fail(`join of worker ${index}, which was never forked`);
    active.delete(index);
    joined.add(index);
    joinEnd = end;
    events.joins.push(index);
  }
  return { ok: true, value: events };
}

function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

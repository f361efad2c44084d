import type { ReportTexts } from './i18n/report-texts.js';
import { maxOverlap, workOf, type ClientTimeline, type ClockProblem, type RunAnalysis } from './run-analysis.js';

export { maxOverlap };

/** What the runs were asked to do: the settings the measurements are read against. */
export interface RunContext {
  mode: 'sleep' | 'spin';
  cpus: number;
  /** Configured workers/threads per server app, where the server log does not say. */
  units: Partial<Record<string, number>>;
  clientLanguage: 'TypeScript' | 'Python';
}

/** How a server behaved, read from the server's log (or, without it, from the times the clients measured). */
export type Behaviour = 'serial' | 'concurrent' | 'partial' | 'no-overlap';

/** One statement of "Comparison and conclusions", with the numbers behind it. */
export type Finding =
  | { kind: 'no-replies'; server: string; clients: number }
  | { kind: 'failures'; server: string; failed: Array<{ index: number; error?: string }>; clients: number }
  | { kind: 'clock'; server: string; problems: ClockProblem[] }
  | { kind: 'serial'; server: string; fastestMs: number; slowestMs: number; waited: number; overlapped?: number }
  | { kind: 'concurrent'; server: string; fastestMs: number; slowestMs: number; inFlight: number }
  | { kind: 'partial'; server: string; fastestMs: number; slowestMs: number; inFlight: number; waited: number }
  | { kind: 'no-overlap'; server: string }
  | { kind: 'queue'; server: string; queued: number; longestWaitMs: number }
  | { kind: 'thread-queue'; server: string; queued: number; longestWaitMs: number }
  | { kind: 'load'; server: string; unit: 'process' | 'thread'; counts: Array<[string, number]>; units: number }
  /** `waited`: clients of the run that waited before their work began; none means the uneven spread cost no time. */
  | { kind: 'uneven'; server: string; unit: 'process' | 'thread'; most: number; ideal: number; waited: number }
  | { kind: 'spin-oversubscribed'; server: string; unit: 'process' | 'thread'; units: number; cpus: number }
  | { kind: 'mode'; server: string; unit: 'process' | 'thread'; mode: 'sleep' | 'spin'; units: number }
  | {
      kind: 'compare';
      server: string;
      base: string;
      /** `no-overlap`: the concurrent server's clients never overlapped, so its times say nothing of concurrency. */
      verdict: 'faster' | 'slower' | 'same' | 'no-overlap';
      baseMs: number;
      otherMs: number;
      ratio: number;
    }
  | { kind: 'compare-impossible'; server: string; base: string }
  | { kind: 'remote'; target: string; behaviour: Behaviour; inFlight: number }
  | { kind: 'languages'; clientLanguage: 'TypeScript' | 'Python'; remote: boolean };

/** A client sent at least this share of the fastest reply's time before the previous reply: it overlapped. */
const OVERLAP = 0.25;
/** Its reply came later than the fastest by at least this share of the overlap: it waited for others. */
const WAITED = 0.5;
/** Closer than this (as a ratio of the last replies) counts as "about the same". */
const SAME = 1.15;

const replied = (run: RunAnalysis) =>
  run.clients.filter(
    (c): c is ClientTimeline & { received: number; responseMs: number } =>
      c.ok && c.received !== undefined && c.responseMs !== undefined,
  );

/**
 * Reads the server's behaviour. With the server's log, from what it marked:
 * how many requests were in its work at once (WORK_START..WORK_DONE, else
 * read..reply) and how many clients waited before their work began (queue,
 * busy thread or process). Without it (a remote server), from what the
 * clients saw: among the clients that sent while the one answered before them
 * still waited, those whose reply was late by a good part of that overlap
 * waited for other clients' work.
 */
export function behaviourOf(run: RunAnalysis): {
  behaviour: Behaviour;
  waited: number;
  overlapped: number;
  inFlight: number;
  fastestMs: number;
  slowestMs: number;
} {
  const done = replied(run).sort((a, b) => a.received - b.received);
  const fastestMs = Math.min(...done.map((c) => c.responseMs));
  const slowestMs = Math.max(...done.map((c) => c.responseMs));
  // A client overlaps when it sent well before the reply that came before its
  // own. A start-up hiccup of a few ms is not an overlap.
  const overlapping = done.filter((c, i) => i > 0 && done[i - 1].received - c.sent >= OVERLAP * fastestMs);
  if (run.hasServerLog) {
    const inFlight = run.inFlight ?? maxOverlap(run.clients.map(workOf).filter((w): w is [number, number] => !!w));
    const waited = run.clients.filter((c) => (c.waitMs ?? 0) > 0).length;
    // Nobody waited and no two requests were in work together: the run says nothing about concurrency.
    const behaviour: Behaviour = inFlight <= 1 ? (waited > 0 ? 'serial' : 'no-overlap') : waited === 0 ? 'concurrent' : 'partial';
    return { behaviour, waited, overlapped: overlapping.length, inFlight, fastestMs, slowestMs };
  }
  // On a one-at-a-time server a client's reply is late by all of its overlap,
  // on a concurrent one by nothing: late by half of it counts as waiting.
  const waited = overlapping.filter((c) => {
    const before = done[done.indexOf(c) - 1];
    return c.responseMs - fastestMs >= WAITED * (before.received - c.sent);
  }).length;
  // Each reply is taken to have cost the fastest reply's time just before it came.
  const inFlight = maxOverlap(done.map((c) => [c.received - fastestMs, c.received]));
  const behaviour: Behaviour =
    overlapping.length === 0 ? 'no-overlap' : waited === overlapping.length ? 'serial' : waited === 0 ? 'concurrent' : 'partial';
  return { behaviour, waited, overlapped: overlapping.length, inFlight, fastestMs, slowestMs };
}

const UNIT: Partial<Record<string, 'process' | 'thread'>> = { 'server-cluster': 'process', 'server-threads': 'thread' };

/**
 * "Comparison and conclusions" as data: every finding follows from the
 * measured numbers of this run, including the ones that do not fit the
 * textbook story (a concurrent server slower than the iterative one, a server
 * nobody got a reply from, uneven load, spin work on more workers than cores).
 * A run whose clock moved gives one finding saying so, and nothing else.
 */
export function conclusions(runs: RunAnalysis[], ctx: RunContext): Finding[] {
  const out: Finding[] = [];
  const measurable = new Set<RunAnalysis>();
  for (const run of runs) {
    const server = run.kind === 'remote' ? run.target : run.kind;
    if (run.clock.length > 0) {
      out.push({ kind: 'clock', server, problems: run.clock });
      continue;
    }
    const ok = replied(run);
    if (ok.length === 0) {
      out.push({ kind: 'no-replies', server, clients: run.clients.length });
      continue;
    }
    measurable.add(run);
    const failed = run.clients.filter((c) => !c.ok);
    if (failed.length > 0)
      out.push({
        kind: 'failures',
        server,
        clients: run.clients.length,
        failed: failed.map((c) => ({ index: c.index, error: c.error })),
      });

    const b = behaviourOf(run);
    if (run.kind === 'remote') {
      out.push({ kind: 'remote', target: run.target, behaviour: b.behaviour, inFlight: b.inFlight });
      continue;
    }
    if (b.behaviour === 'serial')
      out.push({
        kind: 'serial',
        server,
        fastestMs: b.fastestMs,
        slowestMs: b.slowestMs,
        waited: b.waited,
        ...(run.hasServerLog ? {} : { overlapped: b.overlapped }),
      });
    else if (b.behaviour === 'concurrent')
      out.push({ kind: 'concurrent', server, fastestMs: b.fastestMs, slowestMs: b.slowestMs, inFlight: b.inFlight });
    else if (b.behaviour === 'partial')
      out.push({
        kind: 'partial',
        server,
        fastestMs: b.fastestMs,
        slowestMs: b.slowestMs,
        inFlight: b.inFlight,
        waited: b.waited,
      });
    else out.push({ kind: 'no-overlap', server });

    const queued = run.clients.filter((c) => c.queued);
    if (queued.length > 0)
      out.push({ kind: 'queue', server, queued: queued.length, longestWaitMs: Math.max(...queued.map((c) => c.queueMs ?? 0)) });
    const waitedThread = run.clients.filter((c) => c.requestQueued);
    if (waitedThread.length > 0)
      out.push({
        kind: 'thread-queue',
        server,
        queued: waitedThread.length,
        longestWaitMs: Math.max(...waitedThread.map((c) => c.workerWaitMs ?? 0)),
      });

    const unit = UNIT[run.kind];
    if (unit) {
      // server-threads is one process (workers=1): its units are its threads.
      const logged = unit === 'thread' ? run.serverStart?.threads : run.serverStart?.workers;
      const units = Number(logged ?? ctx.units[run.kind] ?? 1);
      const byUnit = new Map<string, number>();
      for (const c of run.clients) if (c.worker !== undefined) byUnit.set(c.worker, (byUnit.get(c.worker) ?? 0) + 1);
      if (byUnit.size > 0) {
        const counts = [...byUnit].sort((x, y) => x[0].localeCompare(y[0], 'en', { numeric: true }));
        out.push({ kind: 'load', server, unit, counts, units });
        const served = counts.reduce((sum, [, n]) => sum + n, 0);
        const ideal = Math.ceil(served / units);
        const most = Math.max(...byUnit.values());
        if (most > ideal) out.push({ kind: 'uneven', server, unit, most, ideal, waited: b.waited });
      }
      out.push({ kind: 'mode', server, unit, mode: ctx.mode, units });
      if (ctx.mode === 'spin' && units > ctx.cpus) out.push({ kind: 'spin-oversubscribed', server, unit, units, cpus: ctx.cpus });
    }
  }

  const base = runs.find((r) => r.kind === 'server-sync');
  if (base) {
    for (const run of runs) {
      if (run === base || run.kind === 'remote') continue;
      const complete = (r: RunAnalysis) => measurable.has(r) && r.clients.every((c) => c.ok);
      if (!complete(base) || !complete(run)) {
        out.push({ kind: 'compare-impossible', server: run.kind, base: base.kind });
        continue;
      }
      const ratio = base.lastReplyMs / Math.max(1, run.lastReplyMs);
      const verdict =
        behaviourOf(run).behaviour === 'no-overlap'
          ? 'no-overlap'
          : ratio >= SAME
            ? 'faster'
            : ratio <= 1 / SAME
              ? 'slower'
              : 'same';
      out.push({
        kind: 'compare',
        server: run.kind,
        base: base.kind,
        verdict,
        baseMs: base.lastReplyMs,
        otherMs: run.lastReplyMs,
        ratio: verdict === 'slower' ? run.lastReplyMs / Math.max(1, base.lastReplyMs) : ratio,
      });
    }
  }
  out.push({ kind: 'languages', clientLanguage: ctx.clientLanguage, remote: runs.some((r) => r.kind === 'remote') });
  return out;
}

/** The findings in words, one paragraph each. */
export function describe(findings: Finding[], t: ReportTexts): string[] {
  const f = t.findings;
  return findings.map((x): string => {
    switch (x.kind) {
      case 'no-replies':
        return f.noReplies(x.server, x.clients);
      case 'failures':
        return f.failures(
          x.server,
          x.failed.length,
          x.clients,
          x.failed.map((c) => f.failureDetail(c.index, c.error)).join('; '),
        );
      case 'clock':
        return t.clock.finding(x.server);
      case 'serial':
        return x.overlapped === undefined
          ? f.serial(x.server, x.fastestMs, x.slowestMs, x.waited)
          : f.serialFromClients(x.server, x.fastestMs, x.slowestMs, x.waited, x.overlapped);
      case 'concurrent':
        return f.concurrent(x.server, x.fastestMs, x.slowestMs, x.inFlight);
      case 'partial':
        return f.partial(x.server, x.fastestMs, x.slowestMs, x.inFlight, x.waited);
      case 'no-overlap':
        return f.noOverlap(x.server);
      case 'queue':
        return f.queue(x.server, x.queued, x.longestWaitMs);
      case 'thread-queue':
        return f.threadQueue(x.server, x.queued, x.longestWaitMs);
      case 'load':
        return f.load(x.unit, x.counts, x.units);
      case 'uneven':
        return f.uneven(x.unit, x.most, x.ideal, x.waited);
      case 'spin-oversubscribed':
        return f.spinOversubscribed(x.unit, x.units, x.cpus);
      case 'mode':
        return x.unit === 'thread'
          ? f.modeThreads(x.units, x.mode)
          : x.mode === 'sleep'
            ? f.modeSleepProcess(x.units)
            : f.modeSpinProcess(x.units);
      case 'compare':
        return x.verdict === 'faster'
          ? f.compareFaster(x.server, x.base, x.baseMs, x.otherMs, x.ratio)
          : x.verdict === 'slower'
            ? f.compareSlower(x.server, x.base, x.baseMs, x.otherMs, x.ratio)
            : x.verdict === 'no-overlap'
              ? f.compareNoOverlap(x.server, x.base, x.baseMs, x.otherMs)
              : f.compareSame(x.server, x.base, x.baseMs, x.otherMs);
      case 'compare-impossible':
        return f.compareImpossible(x.server, x.base);
      case 'remote':
        return x.behaviour === 'serial'
          ? f.remoteSerial(x.target)
          : x.behaviour === 'concurrent'
            ? f.remoteConcurrent(x.target)
            : x.behaviour === 'partial'
              ? f.remotePartial(x.target, x.inFlight)
              : f.noOverlap(x.target);
      case 'languages':
        return x.remote ? f.remoteLanguage(x.clientLanguage) : f.languages(x.clientLanguage);
    }
  });
}

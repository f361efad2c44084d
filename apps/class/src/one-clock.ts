/**
 * One clock for the class session (docs/class.md, "One clock"): every
 * machine's log is written on its own clock, and clocks in a lab room can
 * disagree by seconds. Each request gives four times — the client sent it
 * (t1, client clock), the server read it (t2) and answered it (t3, server
 * clock), the client got the answer (t4, client clock) — and the NTP method
 * turns them into the client clock's offset from the server's:
 *   θ = ((t2 − t1) + (t3 − t4)) / 2,  with error bound ±((t4 − t1) − (t3 − t2)) / 2.
 * The bound is half the time the request and its reply spent on the network;
 * a request that waited long on the way (a queued connection, a busy link)
 * has a wide bound, so the estimate with the tightest bound is kept.
 *
 * Pure functions of parsed log records: no files, no clock of this machine.
 */
import type { LogRecord } from '@app/common';

/** One request as the server logged it, server clock (ms since the epoch). */
export interface ServerRequest {
  /** MESSAGE_RECEIVED. */
  received: number;
  /** MESSAGE_SENT; undefined while the reply is not sent. */
  sent?: number;
}

/** One connection in a server's log: the events that carry its `peer=`. */
export interface ServerConnection {
  peer: string;
  /** The first event of the connection: CLIENT_QUEUED (server-sync) or CLIENT_CONNECTED. */
  arrived: number;
  queued: boolean;
  /** CLIENT_CONNECTED: service began. */
  served?: number;
  requests: ServerRequest[];
  /** `msg=` of the first MESSAGE_RECEIVED: the student's name and group. */
  message?: string;
  disconnected?: number;
  reason?: string;
  /** worker= (server-cluster) or thread= (server-threads) of its requests. */
  worker?: string;
}

/** One request as a client logged it, client clock. */
export interface ClientRequest {
  /** SENT. */
  sent: number;
  /** RECEIVED; undefined when no reply came. */
  received?: number;
}

/** One connection in a client's log: a CONNECTED and what follows it in the same process. */
export interface ClientConnection {
  /** local= of CONNECTED: how the server's log names this connection. */
  local: string;
  /** server= of CONNECTED. */
  server: string;
  connected: number;
  requests: ClientRequest[];
  /** msg= of the first SENT. */
  message?: string;
  disconnected?: number;
  reason?: string;
}

const ms = (r: LogRecord): number => Date.parse(r.time);

/** Connections of one server log, in the order they arrived. */
export function serverConnections(records: readonly LogRecord[]): ServerConnection[] {
  const all: ServerConnection[] = [];
  const open = new Map<string, ServerConnection>();
  for (const r of records) {
    const peer = r.fields.peer;
    if (!peer) continue;
    let c = open.get(peer);
    const starts = r.event === 'CLIENT_QUEUED' || (r.event === 'CLIENT_CONNECTED' && c === undefined);
    if (starts || c === undefined) {
      c = { peer, arrived: ms(r), queued: r.event === 'CLIENT_QUEUED', requests: [] };
      open.set(peer, c);
      all.push(c);
    }
    const worker = r.fields.worker ?? r.fields.thread;
    if (worker !== undefined && c.worker === undefined) c.worker = worker;
    switch (r.event) {
      case 'CLIENT_CONNECTED':
        c.served ??= ms(r);
        break;
      case 'MESSAGE_RECEIVED':
        c.requests.push({ received: ms(r) });
        c.message ??= r.fields.msg;
        break;
      case 'MESSAGE_SENT': {
        const waiting = c.requests.find((q) => q.sent === undefined);
        if (waiting) waiting.sent = ms(r);
        break;
      }
      case 'CLIENT_DISCONNECTED':
        c.disconnected = ms(r);
        c.reason = r.fields.reason;
        open.delete(peer);
        break;
    }
  }
  return all;
}

/** Connections of one client log (one per CONNECTED; a log may hold many runs, even interleaved ones by pid). */
export function clientConnections(records: readonly LogRecord[]): ClientConnection[] {
  const all: ClientConnection[] = [];
  const open = new Map<number, ClientConnection>();
  for (const r of records) {
    if (r.event === 'CONNECTED') {
      const c: ClientConnection = { local: r.fields.local ?? '', server: r.fields.server ?? '', connected: ms(r), requests: [] };
      open.set(r.pid, c);
      all.push(c);
      continue;
    }
    const c = open.get(r.pid);
    if (!c) continue;
    switch (r.event) {
      case 'SENT':
        c.requests.push({ sent: ms(r) });
        c.message ??= r.fields.msg;
        break;
      case 'RECEIVED': {
        const waiting = c.requests.find((q) => q.received === undefined);
        if (waiting) waiting.received = ms(r);
        break;
      }
      case 'DISCONNECTED':
        c.disconnected = ms(r);
        c.reason = r.fields.reason;
        open.delete(r.pid);
        break;
    }
  }
  return all;
}

/** A client connection and the server connection it was; `server` is the index into the server list searched. */
export interface ConnectionMatch {
  client: number;
  server: number;
}

/**
 * Matches client connections to server connections by the client's local
 * address and port — the server's `peer=`. A port can come again (another
 * round, hours later): among the candidates the one nearest in time wins,
 * which is right as long as clocks disagree by less than the time between
 * two uses of one port. Each server connection is taken at most once.
 */
export function matchConnections(clients: readonly ClientConnection[], servers: readonly ServerConnection[]): ConnectionMatch[] {
  const taken = new Set<number>();
  const out: ConnectionMatch[] = [];
  clients.forEach((c, ci) => {
    let best = -1;
    let bestGap = Infinity;
    servers.forEach((s, si) => {
      if (taken.has(si) || s.peer !== c.local) return;
      const gap = Math.abs(s.arrived - c.connected);
      if (gap < bestGap) {
        best = si;
        bestGap = gap;
      }
    });
    if (best >= 0) {
      taken.add(best);
      out.push({ client: ci, server: best });
    }
  });
  return out;
}

/** The four times of one request and reply. */
export interface Exchange {
  t1: number;
  t2: number;
  t3: number;
  t4: number;
}

/** The client clock's offset from the server's: server time = client time + offsetMs, within ± boundMs. */
export interface ClockOffset {
  offsetMs: number;
  boundMs: number;
  /**
   * What the client's events are moved by: of the offsets the four times allow
   * (offsetMs ± boundMs), the one nearest 0. A client that waited in server-sync's
   * queue has a bound as wide as its wait, and its estimate is then half the wait
   * although its clock may be right; the times only prove a correction outside
   * the bound, so only that much is applied and no more is claimed.
   */
  appliedMs: number;
  /** How many complete exchanges it was chosen from. */
  samples: number;
}

/** The exchanges of a matched pair: the k-th request of the client is the k-th the server read. */
export function exchanges(client: ClientConnection, server: ServerConnection): Exchange[] {
  const out: Exchange[] = [];
  const n = Math.min(client.requests.length, server.requests.length);
  for (let k = 0; k < n; k += 1) {
    const { sent: t1, received: t4 } = client.requests[k];
    const { received: t2, sent: t3 } = server.requests[k];
    if (t4 !== undefined && t3 !== undefined) out.push({ t1, t2, t3, t4 });
  }
  return out;
}

/** The logs' time resolution: every line's time is to the millisecond. */
const LOG_PRECISION_MS = 1;

/** θ and its bound for one exchange. */
export function exchangeOffset(e: Exchange): { offsetMs: number; boundMs: number } {
  return { offsetMs: (e.t2 - e.t1 + (e.t3 - e.t4)) / 2, boundMs: (e.t4 - e.t1 - (e.t3 - e.t2)) / 2 };
}

/** The estimate with the tightest bound, or undefined without a complete exchange. */
export function estimateOffset(list: readonly Exchange[]): ClockOffset | undefined {
  let best: { offsetMs: number; boundMs: number } | undefined;
  for (const e of list) {
    const o = exchangeOffset(e);
    // Each log writes its times to the millisecond, so t4 − t1 and t3 − t2
    // are each off by less than 1 ms and a bound of a fast exchange can come
    // out a little below 0 (−0.5 ms, seen between network namespaces): that
    // is a bound of 0 to the logs' precision. Further below, the times
    // contradict each other (a clock stepped during the request): such an
    // exchange says nothing.
    if (o.boundMs <= -LOG_PRECISION_MS) continue;
    if (o.boundMs < 0) o.boundMs = 0;
    if (!best || o.boundMs < best.boundMs) best = o;
  }
  return best && { ...best, appliedMs: nearestToZero(best.offsetMs, best.boundMs), samples: list.length };
}

/** The value of [offset − bound, offset + bound] nearest 0 (0 when the interval holds it). */
export function nearestToZero(offsetMs: number, boundMs: number): number {
  if (offsetMs - boundMs > 0) return offsetMs - boundMs;
  if (offsetMs + boundMs < 0) return offsetMs + boundMs;
  return 0;
}

/** A time of the client's clock on the server's clock (moved by the correction the times prove). */
export const onServerClock = (clientMs: number, offset: ClockOffset): number => clientMs + offset.appliedMs;

/** The host part of `address:port` (IPv6 in brackets or not): how a machine is named. */
export function hostOf(address: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(address) ?? /^(.*):\d+$/.exec(address);
  return m ? m[1] : address;
}

/**
 * The assignment's condition for one round: the 2nd, 3rd… client connected
 * while the 1st still had no reply. Read from the server's log alone (one
 * clock): for each connection, the others that arrived after it and before
 * its first reply was sent (or before it left, with no reply). The round meets
 * the condition when some connection had at least one other arrive so.
 */
export interface RoundCondition {
  met: boolean;
  /** The connection that waited the longest with the most others arriving. */
  first?: string;
  /** Peers that arrived while `first` had no reply. */
  arrivedWhileWaiting: string[];
}

export function roundCondition(connections: readonly ServerConnection[], now = Infinity): RoundCondition {
  let best: RoundCondition = { met: false, arrivedWhileWaiting: [] };
  for (const a of connections) {
    const until = a.requests[0]?.sent ?? a.disconnected ?? now;
    const others = connections.filter((b) => b !== a && b.arrived > a.arrived && b.arrived < until).map((b) => b.peer);
    if (others.length > best.arrivedWhileWaiting.length) best = { met: true, first: a.peer, arrivedWhileWaiting: others };
  }
  return best;
}

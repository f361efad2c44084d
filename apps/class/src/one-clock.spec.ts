// By path: @app/common's index pulls in nest-winston, which Jest's ESM runtime cannot load.
import { parseLogLine, type LogRecord } from '../../../libs/common/src/log/log-line.js';
import {
  clientConnections,
  estimateOffset,
  exchanges,
  hostOf,
  matchConnections,
  onServerClock,
  roundCondition,
  serverConnections,
} from './one-clock.js';

/** A log line at `ms` (ms since 12:00:00 UTC of a fixed day) in UTC+03:00, as the apps write them. */
const T0 = Date.parse('2026-12-07T09:00:00.000Z');
const stamp = (ms: number): string => {
  const d = new Date(T0 + ms + 3 * 3600_000);
  return d.toISOString().replace('Z', '+03:00');
};
const line = (ms: number, app: string, pid: number, event: string, fields: string): LogRecord => {
  const r = parseLogLine(`${stamp(ms)} ${app}[${pid}] ${event}${fields ? ' ' + fields : ''}`);
  if (!r) throw new Error('bad crafted line');
  return r;
};

/**
 * One request-reply of a client at `local`, seen by both sides: the server
 * reads it `up` ms after it left the client, works `work` ms, and the reply
 * takes `down` ms back. Client times are written `skew` ms off the server's
 * clock (a client clock 7 s behind: skew = −7000).
 */
function exchange(local: string, pid: number, at: number, up: number, work: number, down: number, skew: number) {
  const t1 = at;
  const t2 = t1 + up;
  const t3 = t2 + work;
  const t4 = t3 + down;
  const client = [
    line(t1 - 50 + skew, 'client', pid, 'CONNECTED', `server=10.0.0.1:12345 local=${local}`),
    line(t1 + skew, 'client', pid, 'SENT', 'msg="Иванов Иван ИВТ-1"'),
    line(t4 + skew, 'client', pid, 'RECEIVED', 'msg="навИ вонавИ"'),
    line(t4 + 10 + skew, 'client', pid, 'DISCONNECTED', 'reason=done'),
  ];
  const server = [
    line(t1 - 50 + up, 'server-sync', 1, 'CLIENT_CONNECTED', `peer=${local}`),
    line(t2, 'server-sync', 1, 'MESSAGE_RECEIVED', `peer=${local} msg="Иванов Иван ИВТ-1"`),
    line(t3, 'server-sync', 1, 'MESSAGE_SENT', `peer=${local}`),
    line(t4 + 10 + up, 'server-sync', 1, 'CLIENT_DISCONNECTED', `peer=${local} reason=client-closed`),
  ];
  return { client, server };
}

const byTime = (a: LogRecord, b: LogRecord) => Date.parse(a.time) - Date.parse(b.time);

function offsetOf(client: LogRecord[], server: LogRecord[]) {
  const cs = clientConnections(client);
  const ss = serverConnections(server.sort(byTime));
  const matches = matchConnections(cs, ss);
  return estimateOffset(matches.flatMap((m) => exchanges(cs[m.client], ss[m.server])));
}

describe('one clock', () => {
  it.each([
    ['7 s behind', -7000],
    ['7 s ahead', 7000],
    ['3 s ahead', 3000],
    ['3 s behind', -3000],
  ])('should find a client clock %s within the bound when delays are symmetric', (_name, skew) => {
    const e = exchange('10.0.0.7:51514', 11, 1000, 3, 2000, 3, skew);
    const o = offsetOf(e.client, e.server);
    // server = client + offset, so a client clock 7 s behind gives +7 s.
    expect(o?.offsetMs).toBe(-skew);
    expect(o?.boundMs).toBe(3);
  });

  it('should keep the true offset within the bound when the delays are asymmetric', () => {
    const e = exchange('10.0.0.7:51514', 11, 1000, 40, 2000, 2, -7000);
    const o = offsetOf(e.client, e.server)!;
    expect(o.boundMs).toBe(21);
    expect(Math.abs(o.offsetMs - 7000)).toBeLessThanOrEqual(o.boundMs);
    // Not exact: half the asymmetry is the error the method cannot see.
    expect(o.offsetMs).toBe(7019);
  });

  it("should keep a fast exchange whose bound is just below 0 from the logs' millisecond rounding", () => {
    // The reply seen 1 ms sooner than the server's work took: −0.5 ms, no contradiction at 1 ms resolution.
    const e = exchange('10.0.0.7:51514', 11, 1000, 0, 1502, -1, 7000);
    const o = offsetOf(e.client, e.server)!;
    expect(o.boundMs).toBe(0);
    expect(Math.abs(o.offsetMs + 7000)).toBeLessThanOrEqual(1);
  });

  it('should ignore an exchange whose times contradict each other beyond the rounding', () => {
    const e = exchange('10.0.0.7:51514', 11, 1000, 0, 1502, -100, 7000);
    expect(offsetOf(e.client, e.server)).toBeUndefined();
  });

  it('should take the tightest request and not one with a huge delay', () => {
    // The same machine (two connections from one address): one request waited 9 s on the way.
    const slow = exchange('10.0.0.7:40001', 11, 1000, 9000, 2000, 5, -7000);
    const fast = exchange('10.0.0.7:40002', 12, 20_000, 4, 2000, 4, -7000);
    const o = offsetOf([...slow.client, ...fast.client], [...slow.server, ...fast.server])!;
    expect(o.samples).toBe(2);
    expect(o.offsetMs).toBe(7000);
    expect(o.boundMs).toBe(4);
  });

  it('should match two clients behind one address by their ports', () => {
    const a = exchange('192.168.1.5:50001', 11, 1000, 2, 2000, 2, 0);
    const b = exchange('192.168.1.5:50002', 12, 1100, 2, 2000, 2, 0);
    const cs = clientConnections([...b.client, ...a.client]);
    const ss = serverConnections([...a.server, ...b.server].sort(byTime));
    const m = matchConnections(cs, ss);
    expect(m.map((x) => [cs[x.client].local, ss[x.server].peer])).toEqual([
      ['192.168.1.5:50002', '192.168.1.5:50002'],
      ['192.168.1.5:50001', '192.168.1.5:50001'],
    ]);
  });

  it('should match a port used again in another round to the connection nearest in time', () => {
    const early = exchange('10.0.0.7:50001', 11, 1000, 2, 2000, 2, 0);
    const late = exchange('10.0.0.7:50001', 12, 600_000, 2, 2000, 2, 0);
    const cs = clientConnections(late.client);
    const ss = serverConnections([...early.server, ...late.server].sort(byTime));
    expect(matchConnections(cs, ss)).toEqual([{ client: 0, server: 1 }]);
  });

  it('should give no offset when no connection matches or no reply came', () => {
    const e = exchange('10.0.0.7:51514', 11, 1000, 3, 2000, 3, 0);
    expect(offsetOf(e.client, exchange('10.0.0.8:51514', 11, 1000, 3, 2000, 3, 0).server)).toBeUndefined();
    const noReply = e.client.filter((r) => r.event !== 'RECEIVED');
    expect(offsetOf(noReply, e.server)).toBeUndefined();
  });

  it('should place client events on the server clock, moved by the correction the times prove', () => {
    const e = exchange('10.0.0.7:51514', 11, 1000, 3, 2000, 3, -7000);
    const o = offsetOf(e.client, e.server)!;
    // 7000 ± 3: the times prove at least 6997 ms, and that much is applied.
    expect(o.appliedMs).toBe(6997);
    const sent = Date.parse(e.client[1].time);
    const received = Date.parse(e.client[2].time);
    expect(onServerClock(sent, o)).toBe(T0 + 1000 - 3);
    // Still in causal order with the server's own times: sent before read, received after the reply left.
    expect(onServerClock(sent, o)).toBeLessThanOrEqual(T0 + 1000 + 3);
    expect(onServerClock(received, o)).toBeGreaterThanOrEqual(T0 + 1000 + 3 + 2000);
  });

  it('should not move a client whose wait in the queue widens the bound past its estimate', () => {
    // server-sync: the line waited 2360 ms unread while another client was served; the clock is right.
    const e = exchange('10.0.0.7:51514', 11, 1000, 2360, 40, 1, 0);
    const o = offsetOf(e.client, e.server)!;
    expect(o.offsetMs).toBeCloseTo(1179.5);
    expect(o.boundMs).toBeCloseTo(1180.5);
    expect(o.appliedMs).toBe(0);
    expect(onServerClock(Date.parse(e.client[1].time), o)).toBe(T0 + 1000);
  });

  it('should name a machine by its address without the port', () => {
    expect(hostOf('10.0.0.7:51514')).toBe('10.0.0.7');
    expect(hostOf('[fe80::1]:51514')).toBe('fe80::1');
    expect(hostOf('::1:51514')).toBe('::1');
  });

  describe('the assignment condition', () => {
    it('should be met when a client connected while another waited for its reply', () => {
      const a = exchange('10.0.0.7:1', 11, 1000, 2, 2000, 2, 0);
      const b = exchange('10.0.0.8:1', 12, 1500, 2, 2000, 2, 0);
      const c = roundCondition(serverConnections([...a.server, ...b.server].sort(byTime)));
      expect(c).toEqual({ met: true, first: '10.0.0.7:1', arrivedWhileWaiting: ['10.0.0.8:1'] });
    });

    it('should not be met when each client came after the previous reply', () => {
      const a = exchange('10.0.0.7:1', 11, 1000, 2, 2000, 2, 0);
      const b = exchange('10.0.0.8:1', 12, 5000, 2, 2000, 2, 0);
      const c = roundCondition(serverConnections([...a.server, ...b.server].sort(byTime)));
      expect(c.met).toBe(false);
      expect(c.arrivedWhileWaiting).toEqual([]);
    });

    it('should count a queued arrival on the iterative server', () => {
      const s = [
        line(0, 'server-sync', 1, 'CLIENT_CONNECTED', 'peer=10.0.0.7:1'),
        line(100, 'server-sync', 1, 'MESSAGE_RECEIVED', 'peer=10.0.0.7:1 msg=a'),
        line(300, 'server-sync', 1, 'CLIENT_QUEUED', 'peer=10.0.0.8:1'),
        line(400, 'server-sync', 1, 'CLIENT_QUEUED', 'peer=10.0.0.9:1'),
        line(2100, 'server-sync', 1, 'MESSAGE_SENT', 'peer=10.0.0.7:1'),
      ];
      const conns = serverConnections(s);
      expect(conns.map((c) => [c.peer, c.queued])).toEqual([
        ['10.0.0.7:1', false],
        ['10.0.0.8:1', true],
        ['10.0.0.9:1', true],
      ]);
      expect(roundCondition(conns).arrivedWhileWaiting).toEqual(['10.0.0.8:1', '10.0.0.9:1']);
    });
  });
});

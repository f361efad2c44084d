import { reportTexts } from './i18n/report-texts.js';
import type { ClientTimeline, RunAnalysis } from './run-analysis.js';
import {
  behaviourOf,
  conclusions,
  describe as describeFindings,
  maxOverlap,
  type Finding,
  type RunContext,
} from './conclusions.js';

const CTX: RunContext = {
  mode: 'sleep',
  cpus: 2,
  units: { 'server-cluster': 2, 'server-threads': 4 },
  clientLanguage: 'TypeScript',
};

/** A client that connected at `at`, sent 100 ms later and got its reply `response` ms after sending. */
function client(index: number, at: number, response: number | undefined, extra: Partial<ClientTimeline> = {}): ClientTimeline {
  const sent = at + 100;
  const received = response === undefined ? undefined : sent + response;
  return {
    index,
    local: `127.0.0.1:${40000 + index}`,
    connected: at,
    sent,
    received,
    responseMs: response,
    disconnected: (received ?? sent + 5000) + 50,
    queued: false,
    ok: response !== undefined,
    error: response === undefined ? 'no reply within 60000 ms' : undefined,
    ...extra,
  };
}

function run(kind: RunAnalysis['kind'], clients: ClientTimeline[], serverStart?: Record<string, string>): RunAnalysis {
  return {
    kind,
    target: '127.0.0.1:12345',
    t0: 1_800_000_000_000,
    clients,
    totalMs: Math.max(...clients.map((c) => c.disconnected)),
    lastReplyMs: Math.max(...clients.map((c) => c.received ?? 0)),
    serverStart,
    hasServerLog: kind !== 'remote',
    sessionEnds: [],
    threadExits: [],
    clock: [],
    unreadable: 0,
    files: { configs: [], logs: [] },
  };
}

/** Five clients 300 ms apart, 2 s of work each, one at a time: client k replies after k delays. */
const serial = (kind: RunAnalysis['kind'] = 'server-sync') =>
  run(
    kind,
    [0, 1, 2, 3, 4].map((k) => {
      const at = k * 300;
      const read = 2000 * k + 100;
      return client(k + 1, at, read + 2000 - (at + 100), {
        read,
        replied: read + 2000,
        served: read,
        queued: k > 0,
        waitMs: k > 0 ? read - at : 0,
      });
    }),
  );

/** Five clients 300 ms apart, each replied 2 s after sending, on `workers` processes. */
const concurrent = (kind: RunAnalysis['kind'], workers: string[], response = 2000) =>
  run(
    kind,
    [0, 1, 2, 3, 4].map((k) =>
      client(k + 1, k * 300, response, { read: k * 300 + 100, replied: k * 300 + 100 + response, worker: workers[k] }),
    ),
    { workers: String(new Set(workers).size) },
  );

const kinds = (f: Finding[]) => f.map((x) => x.kind);
const text = (f: Finding[], lang: 'ru' | 'en' = 'ru') => describeFindings(f, reportTexts(lang)).join('\n');

describe('conclusions', () => {
  it('should count the most intervals open at once', () => {
    expect(
      maxOverlap([
        [0, 2],
        [1, 3],
        [2, 4],
      ]),
    ).toBe(2);
    expect(
      maxOverlap([
        [0, 1],
        [1, 2],
      ]),
    ).toBe(1);
    expect(maxOverlap([])).toBe(0);
  });

  it('should call the iterative server one-at-a-time and the concurrent one faster when it was', () => {
    const sync = serial();
    const cluster = concurrent('server-cluster', ['1', '2', '1', '2', '1']);
    const f = conclusions([sync, cluster], CTX);
    expect(f.find((x) => x.kind === 'serial')).toMatchObject({ server: 'server-sync', waited: 4 });
    expect(f.find((x) => x.kind === 'concurrent')).toMatchObject({ server: 'server-cluster', inFlight: 5 });
    const compare = f.find((x) => x.kind === 'compare');
    expect(compare).toMatchObject({ verdict: 'faster', baseMs: 10_100, otherMs: 3300 });
    expect((compare as { ratio: number }).ratio).toBeCloseTo(10_100 / 3300, 5);
    expect(text(f)).toContain('в 3,1 раза быстрее');
    expect(text(f, 'en')).toContain('3.1× faster');
  });

  it('should say plainly when the concurrent server was slower than the iterative one, with no "faster"', () => {
    // One worker doing spin work: serial, and slower than server-sync by its start-up.
    const sync = serial();
    const slow = serial('server-cluster');
    for (const c of slow.clients) {
      c.received! += 3000;
      c.responseMs! += 3000;
      c.worker = '1';
    }
    slow.lastReplyMs = Math.max(...slow.clients.map((c) => c.received!));
    const f = conclusions([sync, slow], { ...CTX, mode: 'spin', units: { 'server-cluster': 1 } });
    const compare = f.find((x) => x.kind === 'compare');
    expect(compare).toMatchObject({ verdict: 'slower', server: 'server-cluster' });
    expect(text(f)).not.toMatch(/быстрее/);
    expect(text(f)).toContain('оказался медленнее итеративного');
    expect(text(f, 'en')).not.toMatch(/faster/);
  });

  it('should still call a server one-at-a-time when a slow-starting client sent just before the previous reply', () => {
    // Client 5 started late: it sent 300 ms before client 4's reply, so it waited 300 ms, not a whole delay.
    const sync = serial();
    const c5 = sync.clients[4];
    const prev = sync.clients[3].received!;
    Object.assign(c5, { sent: prev - 300, read: prev, replied: prev + 2000, received: prev + 2001, responseMs: 2301 });
    expect(behaviourOf(sync).behaviour).toBe('serial');
  });

  it('should call no server faster when its clients never overlapped: the difference is when they connected', () => {
    const sync = serial();
    // server-threads: each client sent 2.5 s after the one before, so each came after the previous reply.
    const apart = run(
      'server-threads',
      [0, 1, 2, 3, 4].map((k) => client(k + 1, k * 2500, 300, { read: k * 2500 + 100, replied: k * 2500 + 400, worker: '1' })),
      { threads: '4' },
    );
    const f = conclusions([sync, apart], CTX);
    expect(f.find((x) => x.kind === 'no-overlap')).toMatchObject({ server: 'server-threads' });
    expect(f.find((x) => x.kind === 'compare')).toMatchObject({ verdict: 'no-overlap' });
    expect(text(f)).not.toMatch(/server-threads[^.]*быстрее/);
    expect(text(f)).toContain('поэтому разница — от того, когда подключались клиенты, а не от параллельности');
    expect(text(f, 'en')).not.toMatch(/× faster|slower/);
  });

  it('should not say each client waits for all before it when the waits were in the queue, before sending', () => {
    // Two clients, the second queued 0.96 s but sending after it was served (a real run's figures).
    const sync = run('server-sync', [
      client(1, 0, 320, { read: 1000, replied: 1320 }),
      client(2, 860, 350, { served: 1830, queued: true, waitMs: 970, queueMs: 970, read: 1960, replied: 2300 }),
    ]);
    const said = text(conclusions([sync], CTX));
    expect(said).toContain('и 1 клиент ждал, пока сервер закончит с предыдущим.');
    expect(said).toContain('Ответы пришли через 0,32–0,35 с после отправки, у всех почти одинаково: клиенты ждали в очереди');
    expect(said).not.toContain('каждый следующий клиент ждёт всех предыдущих');
    expect(text(conclusions([serial()], CTX))).toContain('каждый следующий клиент ждёт всех предыдущих');
  });

  it('should call about-equal runs the same, neither faster nor slower', () => {
    const sync = serial();
    const other = serial('server-threads');
    other.lastReplyMs = sync.lastReplyMs * 1.05;
    const f = conclusions([sync, other], CTX);
    expect(f.find((x) => x.kind === 'compare')).toMatchObject({ verdict: 'same' });
  });

  it('should say a server got no replies, and print no Infinity or NaN', () => {
    const sync = serial();
    const dead = run(
      'server-cluster',
      [1, 2, 3].map((k) => client(k, k * 300, undefined)),
    );
    const f = conclusions([sync, dead], CTX);
    expect(kinds(f)).toContain('no-replies');
    expect(f.find((x) => x.kind === 'compare-impossible')).toMatchObject({ server: 'server-cluster', base: 'server-sync' });
    expect(kinds(f)).not.toContain('compare');
    const words = text(f) + text(f, 'en');
    expect(words).toContain('ни один из 3 клиентов не получил ответа');
    expect(words).not.toMatch(/Infinity|NaN|undefined/);
  });

  it('should name the clients that failed when only some did', () => {
    const sync = serial();
    sync.clients[4] = client(5, 1200, undefined);
    const f = conclusions([sync], CTX);
    expect(f.find((x) => x.kind === 'failures')).toMatchObject({ failed: [{ index: 5, error: 'no reply within 60000 ms' }] });
    expect(text(f)).toContain('1 из 5 клиентов не получили ответа (клиент 5: no reply within 60000 ms)');
  });

  it('should call uneven load uneven, with the counts per process', () => {
    const f = conclusions([concurrent('server-cluster', ['1', '1', '1', '1', '2'])], CTX);
    expect(f.find((x) => x.kind === 'load')).toMatchObject({
      counts: [
        ['1', 4],
        ['2', 1],
      ],
      units: 2,
    });
    expect(f.find((x) => x.kind === 'uneven')).toMatchObject({ most: 4, ideal: 3, waited: 0 });
    // Nobody waited: the sentence must not suggest the spread cost anything.
    expect(text(f)).toContain(
      'одному процессу досталось 4 клиента, а при равном распределении было бы не больше 3. Соединения раздаёт операционная система (или главный процесс), не глядя на загрузку процессов. Ни один клиент при этом не ждал',
    );
    const slow = concurrent('server-cluster', ['1', '1', '1', '1', '2']);
    slow.clients[3].waitMs = 400;
    expect(text(conclusions([slow], CTX))).not.toContain('Ни один клиент при этом не ждал');
    const even = conclusions([concurrent('server-cluster', ['1', '2', '1', '2', '1'])], CTX);
    expect(kinds(even)).not.toContain('uneven');
  });

  it('should say spin work on more workers than cores shares the cores', () => {
    const cluster = concurrent('server-cluster', ['1', '2', '3', '4', '1']);
    const f = conclusions([cluster], { ...CTX, mode: 'spin', cpus: 2 });
    expect(f.find((x) => x.kind === 'spin-oversubscribed')).toMatchObject({ units: 4, cpus: 2 });
    expect(text(f)).toContain('4 рабочих процесса делят 2 ядра');
    expect(kinds(conclusions([cluster], { ...CTX, mode: 'sleep', cpus: 2 }))).not.toContain('spin-oversubscribed');
    expect(kinds(conclusions([cluster], { ...CTX, mode: 'spin', cpus: 8 }))).not.toContain('spin-oversubscribed');
  });

  it('should tell a partly concurrent server (2 workers, spin, 5 clients) from the other two', () => {
    // Clients 1-2 run at once; 3-4 wait for them; 5 waits for 3-4.
    const starts = [100, 400, 2100, 2400, 4100];
    const cluster = run(
      'server-cluster',
      starts.map((read, k) =>
        client(k + 1, k * 300, read + 2000 - (k * 300 + 100), {
          read,
          replied: read + 2000,
          worker: String((k % 2) + 1),
          waitMs: Math.max(0, read - (k * 300 + 100)),
        }),
      ),
      { workers: '2' },
    );
    const b = behaviourOf(cluster);
    expect(b.behaviour).toBe('partial');
    expect(b.inFlight).toBe(2);
    expect(text(conclusions([cluster], { ...CTX, mode: 'spin' }))).toContain('не больше 2 запросов');
  });

  it('should explain sleep and spin differently for processes and for threads', () => {
    const cluster = concurrent('server-cluster', ['1', '2', '1', '2', '1']);
    const sleep = text(conclusions([cluster], CTX));
    const spin = text(conclusions([cluster], { ...CTX, mode: 'spin' }));
    expect(sleep).toContain('Режим sleep не занимает процессор');
    expect(spin).toContain('Режим spin занимает процессор');
    const threads = concurrent('server-threads', ['t1', 't2', 't3', 't4', 't1']);
    expect(text(conclusions([threads], { ...CTX, units: { 'server-threads': 4 } }))).toContain('в любом режиме');
  });

  it("should count server-threads' threads from SERVER_START threads=, not its workers=1", () => {
    const threads = concurrent('server-threads', ['1', '2', '3', '4', '1']);
    threads.serverStart = { workers: '1', threads: '4' };
    const load = conclusions([threads], { ...CTX, units: {} }).find((x) => x.kind === 'load');
    expect(load).toMatchObject({ unit: 'thread', units: 4 });
  });

  it('should read a remote server one-at-a-time or concurrent from the clients alone', () => {
    const remoteSerial = serial('remote');
    remoteSerial.hasServerLog = false;
    const f1 = conclusions([remoteSerial], CTX);
    expect(f1.find((x) => x.kind === 'remote')).toMatchObject({ behaviour: 'serial', inFlight: 1 });
    expect(text(f1)).toContain('обслуживает клиентов по одному');
    const remoteConc = concurrent('remote', []);
    remoteConc.hasServerLog = false;
    const f2 = conclusions([remoteConc], CTX);
    expect(f2.find((x) => x.kind === 'remote')).toMatchObject({ behaviour: 'concurrent' });
    expect(kinds(f2)).not.toContain('compare');
  });

  it('should not claim anything about concurrency when the clients never overlapped', () => {
    const apart = run(
      'server-cluster',
      [0, 5000, 10_000].map((at, k) => client(k + 1, at, 2000, { read: at + 100, replied: at + 2100, worker: '1' })),
      { workers: '2' },
    );
    const f = conclusions([apart], CTX);
    expect(kinds(f)).toContain('no-overlap');
    expect(kinds(f)).not.toContain('concurrent');
  });
});

import { fixture, stepClock } from '../test-fixtures/fixtures.js';
import { conclusions, describe as describeFindings, type RunContext } from './conclusions.js';
import { reportTexts } from './i18n/report-texts.js';
import { renderMarkdown } from './render-markdown.js';
import { runSection } from './report-builder.js';
import { analyseLogs, type RunLogs } from './run-analysis.js';

const ms = (iso: string) => Date.parse(iso);
const CTX: RunContext = { mode: 'sleep', cpus: 2, units: {}, clientLanguage: 'TypeScript' };
const words = (runs: ReturnType<typeof analyseLogs>[], ctx = CTX, lang: 'ru' | 'en' = 'ru') =>
  describeFindings(conclusions(runs, ctx), reportTexts(lang)).join('\n');
const section = (logs: RunLogs, lang: 'ru' | 'en' = 'ru') =>
  renderMarkdown({ lang, title: '', titlePage: { work: '' }, blocks: runSection(analyseLogs(logs), { lang }) });

describe('analyseLogs on real lab runs', () => {
  it('should take server-threads queue and work from REQUEST_QUEUED / WORK_START / WORK_DONE (4 threads, 5 clients)', () => {
    const run = analyseLogs(fixture('sleep', 'server-threads'));
    const c5 = run.clients[4];
    // client-5.log SENT 19:36:48.447; server WORK_START 48.867, WORK_DONE 50.867.
    expect(c5.requestQueued).toBe(true);
    expect(c5.waitMs).toBe(ms('2026-12-06T19:36:48.867Z') - ms('2026-12-06T19:36:48.447Z'));
    expect(c5.workDone! - c5.workStart!).toBe(2000);
    expect(run.clients.slice(0, 4).map((c) => c.waitMs)).toEqual([0, 0, 0, 0]);
    // Never more in work than the 4 threads: client 1's WORK_DONE and client 5's WORK_START are the same instant.
    expect(run.inFlight).toBe(4);
    expect(run.capacity).toBe(4);
    expect(run.clock).toEqual([]);
    const f = conclusions([run], CTX);
    expect(f.find((x) => x.kind === 'partial')).toMatchObject({ inFlight: 4, waited: 1 });
    expect(f.find((x) => x.kind === 'thread-queue')).toMatchObject({ queued: 1, longestWaitMs: 420 });
    expect(words([run])).toContain('не больше 4 запросов, и 1 клиент ждал свободного исполнителя');
    expect(words([run], CTX, 'en')).toContain('at most 4 requests were in progress at once, and 1 client waited');
    expect(section(fixture('sleep', 'server-threads'))).toContain('| 5 | 1,61 | 0,42 | 2,62 | 5,04 | 2,42 | 5,54 | 1 |');
  });

  it('should count three requests waiting for one of 2 threads, with the longest wait read from the log', () => {
    const run = analyseLogs(fixture('threads-2', 'server-threads'));
    // Client 3 SENT 19:36:55.816, its WORK_START 58.363.
    expect(run.clients.map((c) => c.waitMs)).toEqual([0, 0, 2547, 597, 962]);
    expect(run.inFlight).toBe(2);
    expect(words([run])).toContain('одновременно в работе было не больше 2 запросов, и 3 клиента ждали свободного исполнителя');
    expect(words([run])).toContain('дольше всего запрос ждал потока 2,55 с');
  });

  it('should read server-sync as one at a time from CLIENT_QUEUED, with the queue times of its log', () => {
    const run = analyseLogs(fixture('sleep', 'server-sync'));
    // Client 5 CONNECTED 19:36:20.109, served (CLIENT_CONNECTED) 29.259.
    expect(run.clients[4].waitMs).toBe(9150);
    expect(run.clients.filter((c) => c.queued)).toHaveLength(4);
    expect(run.inFlight).toBe(1);
    expect(words([run])).toContain('одновременно в работе был один запрос, и 4 клиента ждали');
    expect(words([run])).toContain('дольше всего клиент простоял в очереди 9,15 с');
  });

  it('should see a spin cluster worker too busy to read as a wait, and at most 2 requests at once on 2 workers', () => {
    const run = analyseLogs(fixture('spin', 'server-cluster'));
    // Client 4 SENT 19:37:07.856; its worker read it at 09.114 (spinning for client 2 until 09.105).
    expect(run.clients[3].workerWaitMs).toBe(1258);
    expect(run.capacity).toBe(2);
    expect(run.inFlight).toBe(2);
    expect(words([run], { ...CTX, mode: 'spin' })).toContain('не больше 2 запросов, и 3 клиента ждали');
  });

  it('should call the sleep cluster concurrent: nobody waited, 5 requests at once', () => {
    const run = analyseLogs(fixture('sleep', 'server-cluster'));
    expect(run.clients.map((c) => c.waitMs)).toEqual([0, 0, 0, 0, 0]);
    expect(run.inFlight).toBe(5);
    expect(run.capacity).toBeUndefined();
    expect(words([run])).toContain('ответы пришли через 2,00–2,02 с после отправки');
    expect(words([run])).toContain(
      'Распределение клиентов: процесс 1 — 3 клиента, процесс 2 — 2 клиента; заняты 2 из 2 рабочих процессов.',
    );
  });

  it("should state the assignment's condition with the times, per server", () => {
    const md = section(fixture('sleep', 'server-sync'));
    // Client 1 CONNECTED 18.169 (t = 0), RECEIVED 21.231; client 2 CONNECTED 19.350.
    expect(md).toContain('Клиент 1 получил ответ на 3,06 с; до этого подключились клиент 2 — на 1,18 с,');
    expect(md).toContain('Условие задания выполнено');
    expect(section(fixture('sleep', 'server-sync'), 'en')).toContain("The assignment's condition holds");
  });

  it('should say plainly when the run has no session ended by the server, and quote the one a real run has', () => {
    expect(section(fixture('sleep', 'server-sync'))).toContain('сервер не завершил ни одной сессии сам');
    const logs = fixture('session-timeout', 'server-sync');
    const line =
      '2026-12-06T20:00:33.104+00:00 server-sync[4333] CLIENT_DISCONNECTED peer=127.0.0.1:36180 reason=session-timeout';
    const run = analyseLogs(logs);
    expect(run.sessionEnds).toEqual([{ reason: 'session-timeout', line, client: 1 }]);
    expect(run.clients[0].serverReason).toBe('session-timeout');
    const md = section(logs);
    expect(md).toContain('Сессию, которую завершил сам сервер (по тайм-ауту), показывает строка его лога:');
    expect(md).toContain(`\`server-sync/logs/server-sync.log\`\n\n\`\`\`text\n${line}\n\`\`\``);
    // The queued client 2 waited for that session to end: CLIENT_QUEUED 30.308, served 33.104 (client CONNECTED 30.313).
    expect(run.clients[1].waitMs).toBe(2791);
  });

  it('should explain THREAD_EXIT reason=server-shutdown as a clean stop, not an error', () => {
    const md = section(fixture('threads-2', 'server-threads'));
    expect(md).toContain('остановленные при штатной остановке сервера, а не ошибка');
    expect(md).not.toContain('завершился во время работы');
  });
});

describe('analyseLogs when the clock moved', () => {
  it('should find a 30 s step back during a server-sync run, draw no conclusion from it and print no negative time', () => {
    // During client 3's work (read 19:36:24.244, reply 26.245).
    const logs = stepClock(fixture('sleep', 'server-sync'), '2026-12-06T19:36:25.000Z', -30_000);
    const run = analyseLogs(logs);
    expect(run.clock.map((p) => p.kind)).toEqual(expect.arrayContaining(['backwards', 'reply-before-work']));
    const f = conclusions([run], CTX);
    expect(f.map((x) => x.kind)).toEqual(['clock', 'languages']);
    const md = section(logs);
    expect(md).toContain('Часы машины сдвинулись во время этого прогона');
    expect(md).not.toContain('Условие задания выполнено');
    expect(md).not.toMatch(/\| -\d|−\d/);
  });

  it("should not call the main thread's lag on a busy machine a clock that moved, but still find a 1 s step", () => {
    const logs = fixture('loaded', 'server-threads');
    // Client 1: work_ms=318 by the thread, 268 ms between WORK_START and WORK_DONE in the log.
    const run = analyseLogs(logs);
    expect(run.clients[0].workDone! - run.clients[0].workStart!).toBe(268);
    expect(run.clock).toEqual([]);
    expect(section(logs)).not.toContain('Часы машины сдвинулись');
    // No REQUEST_QUEUED: no request waited for a thread, though the main thread logged
    // client 1's WORK_START 236 ms after reading its line (all 4 threads idle).
    expect(run.clients.map((c) => c.waitMs)).toEqual([0, 0, 0, 0, 0]);
    expect(words([run])).toContain('server-threads обслуживал клиентов одновременно');
    expect(words([run])).not.toContain('ждали свободного исполнителя');
    expect(words([run])).toContain('Ни один клиент при этом не ждал');
    // The same run with the wall clock stepped 1 s forward during client 1's work.
    const stepped = analyseLogs(stepClock(logs, '2026-12-06T23:14:40.700Z', 1000));
    expect(stepped.clock).toContainEqual({ kind: 'work-time', client: 1, loggedMs: 318, measuredMs: 1268 });
  });

  it('should find a 1 h step forward from a work far longer than the delay', () => {
    const run = analyseLogs(stepClock(fixture('sleep', 'server-sync'), '2026-12-06T19:36:25.000Z', 3_600_000));
    expect(run.clock).toContainEqual({ kind: 'work-too-long', client: 3, delayMs: 2000, measuredMs: 3_602_001 });
    expect(words([run], CTX, 'en')).toContain("the machine's clock moved during the run");
  });

  it('should call more requests in work than the threads a clock problem, not a finding', () => {
    const logs = fixture('sleep', 'server-threads');
    // Pretend the pool had 3 threads: the log shows 4 at once.
    const three = {
      ...logs,
      serverLog: { ...logs.serverLog!, text: logs.serverLog!.text.replace('threads=4 config', 'threads=3 config') },
    };
    const run = analyseLogs(three);
    expect(run.clock).toContainEqual({ kind: 'over-capacity', inFlight: 4, capacity: 3 });
    expect(words([run])).not.toMatch(/не больше 4 запросов/);
  });

  it('should keep a line that is not a log line out of every figure, and never throw on it', () => {
    const logs = fixture('sleep', 'server-cluster');
    const torn = {
      ...logs,
      clientLogs: logs.clientLogs.map((f, i) => (i === 0 ? { ...f, text: f.text + 'garbage \u0000 line\n2026-1' } : f)),
    };
    const run = analyseLogs(torn);
    expect(run.unreadable).toBe(2);
    expect(run.clients[0].ok).toBe(true);
  });
});

import { jest } from '@jest/globals';
import type { ClassData, UploadData } from './class-data.js';
import type { ServerConnection } from './one-clock.js';
import { nearestToZero } from './one-clock.js';
import type { Upload } from './upload-store.js';

// @app/common's index pulls in nest-winston, which Jest's ESM runtime cannot load here (see lab-options.spec.ts).
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { buildClassReport, listingText, splitNameGroup, LISTING_MAX } = await import('./class-report.js');

const T = Date.parse('2026-12-07T10:00:00.000Z');
/** Local time, so the printed date is the same in every time zone. */
const WHEN = new Date(2026, 11, 7, 10, 30, 5);
const conn = (peer: string, at: number, reply: number, message: string): ServerConnection => ({
  peer,
  arrived: T + at,
  queued: false,
  served: T + at,
  requests: [{ received: T + at + 100, sent: T + reply }],
  message,
  disconnected: T + reply + 50,
  reason: 'client-closed',
});

const upload = (id: string, kind: 'kit' | 'other'): Upload => ({
  id,
  file: `${id}-ts.log`,
  shownName: 'client.log',
  client: 'ts',
  server: '10.0.0.1:12345',
  from: '10.0.0.7',
  at: '2026-12-07T10:00:00.000Z',
  bytes: 10,
  kind,
  connections: 1,
});

function data(uploads: UploadData[], threadExits: Array<{ reason?: string }> = []): ClassData {
  const connections = [
    conn('10.0.0.7:5000', 0, 2100, 'Иванов Иван ИВТ-1'),
    conn('10.0.0.8:5000', 500, 2600, 'Петров Пётр ИВТ-1'),
  ];
  return {
    rounds: [
      {
        round: { index: 1, key: 'sync', app: 'server-sync', name: 'round-1-server-sync', status: 'done' },
        configText: '[server]\nport = 12345\n',
        logText: 'log\n',
        connections,
        condition: { met: true, first: '10.0.0.7:5000', arrivedWhileWaiting: ['10.0.0.8:5000'] },
        threadExits,
      },
    ],
    uploads,
    participants: ['Иванов Иван ИВТ-1', 'Петров Пётр ИВТ-1'],
  };
}

const kit = (id: string, offsetMs: number, matched: boolean): UploadData => ({
  upload: upload(id, 'kit'),
  text: 'x\n',
  machine: '10.0.0.7',
  connections: [
    { local: '10.0.0.7:5000', server: '10.0.0.1:12345', connected: T, requests: [{ sent: T + 100, received: T + 2100 }] },
  ],
  placed: [],
  offset: matched ? { offsetMs, boundMs: 2, appliedMs: nearestToZero(offsetMs, 2), samples: 1 } : undefined,
});

const notes = (d: ClassData) =>
  buildClassReport(d, { lang: 'en', port: 12345, delayMs: 2000, session: 's', when: WHEN })
    .blocks.filter((b) => b.kind === 'note')
    .map((b) => (b as { text: string }).text);

describe(buildClassReport.name, () => {
  it('should warn about a clock more than a second off and say how to sync it, and not about one within a second', () => {
    const said = notes(data([kit('001', -1500, true), kit('002', 900, true)]));
    expect(said.filter((n) => n.startsWith('The clock of'))).toEqual([
      expect.stringMatching(/^The clock of 10\.0\.0\.7 is 1\.50 s off .*timedatectl.*w32tm \/resync/),
    ]);
  });

  it('should sign an offset only when it is not zero to the hundredth of a second', () => {
    const rows = (d: ClassData) =>
      (
        buildClassReport(d, { lang: 'en', port: 1, delayMs: 1, session: 's', when: WHEN }).blocks.find(
          (b) => b.kind === 'table' && b.head?.[3] === 'Offset',
        ) as { rows: string[][] }
      ).rows.map((r) => r[3]);
    expect(rows(data([kit('001', -4, true), kit('002', 7000, true), kit('003', -6980, true)]))).toEqual([
      '0.00 s',
      '+7.00 s',
      '−6.98 s',
    ]);
  });

  it('should say when a log matches no connection of the server', () => {
    expect(notes(data([kit('003', 0, false)]))).toEqual([expect.stringContaining('uploads/003-ts.log: no connection found')]);
  });

  it("should state each round's condition and put the chosen student on the title page", () => {
    const doc = buildClassReport(data([]), {
      lang: 'ru',
      port: 12345,
      delayMs: 2000,
      session: 's',
      when: WHEN,
      student: 'Петров Пётр ИВТ-1',
      course: { teacher: 'Сидоров С.С.' },
    });
    const list = doc.blocks.find((b) => b.kind === 'list') as { items: string[] };
    expect(list.items).toEqual([
      expect.stringMatching(
        /^Раунд 1 \(server-sync\): выполнено — пока 10\.0\.0\.7:5000 ждал ответа, подключился ещё 1 клиент: 10\.0\.0\.8:5000\./,
      ),
    ]);
    expect(doc.titlePage).toMatchObject({ student: 'Петров Пётр', group: 'ИВТ-1', teacher: 'Сидоров С.С.' });
    expect(doc.blocks.filter((b) => b.kind === 'timeline')).toHaveLength(1);
  });
});

describe('class report and lab report alike', () => {
  const paragraphs = (d: ClassData, lang: 'ru' | 'en') =>
    buildClassReport(d, { lang, port: 1, delayMs: 1, session: 's', when: WHEN }).blocks.flatMap((b) =>
      b.kind === 'paragraph' || b.kind === 'note' ? [b.text] : b.kind === 'table' ? b.rows.map((r) => r.join(' | ')) : [],
    );

  it('should explain THREAD_EXIT reason=server-shutdown with the words of the lab report', () => {
    const exits = [1, 2, 3, 4].map(() => ({ reason: 'server-shutdown' }));
    const ru = paragraphs(data([], exits), 'ru');
    expect(ru).toContain(
      'Строки THREAD_EXIT … reason=server-shutdown в конце лога (4 потока) — это потоки пула, остановленные при штатной остановке сервера, а не ошибка.',
    );
    const en = paragraphs(data([], [...exits, { reason: 'error' }]), 'en');
    expect(en).toContainEqual(expect.stringMatching(/^The THREAD_EXIT … reason=server-shutdown lines .*\(4 threads\)/));
    expect(en).toContainEqual(expect.stringMatching(/^A pool thread ended during work/));
    expect(paragraphs(data([]), 'en').join('\n')).not.toContain('THREAD_EXIT');
  });

  it('should not say "none of 1 connection" when a round had only one', () => {
    const base = data([]);
    const one = {
      ...base.rounds[0],
      connections: base.rounds[0].connections.slice(0, 1),
      condition: { met: false, arrivedWhileWaiting: [] },
    };
    const doc = buildClassReport({ ...base, rounds: [one] }, { lang: 'ru', port: 1, delayMs: 1, session: 's', when: WHEN });
    expect((doc.blocks.find((b) => b.kind === 'list') as { items: string[] }).items).toEqual([
      'Раунд 1 (server-sync): не выполнено — было только одно подключение, а условию нужны хотя бы два.',
    ]);
  });

  it('should print the date with the month in words', () => {
    expect(paragraphs(data([]), 'ru')).toContain('Отчёт составлен | 7 декабря 2026 г., 10:30:05');
    expect(paragraphs(data([]), 'en')).toContain('Report made | 7 December 2026, 10:30:05');
  });
});

describe('report helpers', () => {
  it('should split the group off a message only when its last word has a digit', () => {
    expect(splitNameGroup('Титов Юрий Павлович М3О-321Б-22')).toEqual({ name: 'Титов Юрий Павлович', group: 'М3О-321Б-22' });
    expect(splitNameGroup('Просто Имя')).toEqual({ name: 'Просто Имя' });
  });

  it('should show a long upload by its beginning', () => {
    const long = 'line\n'.repeat(LISTING_MAX.lines + 1);
    expect(listingText(long)).toEqual({ text: 'line\n'.repeat(LISTING_MAX.lines), cut: true });
    expect(listingText('short\n')).toEqual({ text: 'short\n', cut: false });
  });
});

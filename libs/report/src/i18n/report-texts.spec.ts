import { reportEn } from './report-texts.en.js';
import { reportRu } from './report-texts.ru.js';

/** Every key path of the texts, functions and arrays as leaves. */
const paths = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? paths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('report texts', () => {
  it('should have the same keys in both languages and no Cyrillic in English', () => {
    expect(paths(reportEn).sort()).toEqual(paths(reportRu).sort());
    const strings = JSON.stringify(reportEn, (_, v: unknown) => (typeof v === 'function' ? v.toString() : v));
    expect(strings.match(/[\u0400-\u04FF]+/g) ?? []).toEqual([]);
  });

  it('should make the verb agree with the number of clients and requests, in both languages', () => {
    const ru = (k: number) => reportRu.findings.partial('server-threads', 2000, 2500, 4, k);
    expect(ru(1)).toContain('и 1 клиент ждал свободного');
    expect(ru(4)).toContain('и 4 клиента ждали свободного');
    expect(ru(5)).toContain('и 5 клиентов ждали свободного');
    expect(ru(21)).toContain('и 21 клиент ждал свободного');
    expect(reportRu.findings.serial('server-sync', 2000, 9000, 1)).toContain('и 1 клиент ждал, пока');
    expect(reportEn.findings.concurrent('server-cluster', 2000, 2100, 1)).toContain('up to 1 request was in progress');
    expect(reportEn.findings.concurrent('server-cluster', 2000, 2100, 5)).toContain('up to 5 requests were in progress');
    expect(reportEn.clock.overCapacity(1, 0)).toContain('1 request was in progress');
    expect(reportRu.findings.queue('server-sync', 1, 900)).toContain('1 клиент записан как CLIENT_QUEUED');
    expect(reportRu.findings.queue('server-sync', 3, 900)).toContain('3 клиента записаны как CLIENT_QUEUED');
    expect(reportRu.sessionEnd.quoted(2)).toContain('завершил 2 сессии');
    expect(reportRu.sessionEnd.quoted(5)).toContain('завершил 5 сессий');
    expect(reportRu.sessionEnd.quoted(21)).toContain('завершил 21 сессию');
  });

  it('should write numbers as each language does, large ones grouped', () => {
    expect(reportRu.total(10_150_000)).toBe('Всего: 10\u00a0150,00 с');
    expect(reportEn.total(10_150_000)).toBe('Total: 10,150.00 s');
    expect(reportRu.findings.compareFaster('a', 'b', 10_000, 3300, 3.03)).toContain('в 3,0 раза быстрее');
    expect(reportRu.ms(2000)).toBe('2000 мс');
  });

  it('should say which processes served how many clients as a sentence', () => {
    expect(
      reportRu.findings.load(
        'process',
        [
          ['1', 3],
          ['2', 2],
        ],
        2,
      ),
    ).toBe('Распределение клиентов: процесс 1 — 3 клиента, процесс 2 — 2 клиента; заняты 2 из 2 рабочих процессов.');
    expect(reportRu.findings.load('thread', [['1', 1]], 1)).toBe(
      'Распределение клиентов: поток 1 — 1 клиент; занят 1 из 1 потока.',
    );
  });
});

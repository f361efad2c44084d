import { jest } from '@jest/globals';
import type { ConsoleSink } from './client-console.js';

// client-console imports @app/common, whose index pulls in nest-winston: a
// CommonJS package that requires ESM-only Nest, which Jest's module runtime
// cannot load. Nothing here goes through winston; a stand-in takes its place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { ClientConsole, SHOWN_CHARS, shownText, timeOfDay } = await import('./client-console.js');

/** A sink that keeps what it was given. */
class Kept implements ConsoleSink {
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

describe(ClientConsole.name, () => {
  it('should show a text as it is, Cyrillic, tabs and quotes included', () => {
    const text = 'Привет,\t"мир" — ХХ-БХХ3-О3М Чиволвап 🙂';
    expect(shownText(text, 'c.log', 'ru')).toBe(text);
  });

  it('should show what a terminal would act on as an escape: ESC, CR, DEL, C1, the marks that turn text around', () => {
    expect(shownText('a\x1b[2Jb\rc\x7fd\x9be\u202ef\u2066g\u200fh', 'c.log', 'en')).toBe(
      'a\\x1b[2Jb\\x0dc\\x7fd\\x9be\\u202ef\\u2066g\\u200fh',
    );
  });

  it('should cut a text past SHOWN_CHARS characters and say in each language how many more are in the log', () => {
    const long = 'ж'.repeat(SHOWN_CHARS + 21);
    expect(shownText(long, 'logs/client.log', 'ru')).toBe(
      'ж'.repeat(SHOWN_CHARS) + '… (ещё 21 символ; целиком — в логе logs/client.log)',
    );
    expect(shownText('ж'.repeat(SHOWN_CHARS + 3), 'x.log', 'ru')).toMatch(/… \(ещё 3 символа;/);
    expect(shownText('ж'.repeat(SHOWN_CHARS + 5), 'x.log', 'ru')).toMatch(/… \(ещё 5 символов;/);
    expect(shownText('z'.repeat(SHOWN_CHARS + 1), 'x.log', 'en')).toMatch(
      /… \(1 more character; the whole text is in the log x\.log\)$/,
    );
    expect(shownText('z'.repeat(SHOWN_CHARS), 'x.log', 'en')).toBe('z'.repeat(SHOWN_CHARS));
    // Characters, not UTF-16 units: a pair is never cut in half.
    expect(shownText('🙂'.repeat(SHOWN_CHARS + 1), 'x.log', 'en').startsWith('🙂'.repeat(SHOWN_CHARS) + '…')).toBe(true);
  });

  it('should put the time of day before each sentence on stdout, and failures on stderr after "client:"', () => {
    const out = new Kept();
    const err = new Kept();
    const console = new ClientConsole('c.log', 'en', out, err);
    console.say(console.words.sent('hi', { i: 2, total: 3 }));
    console.warn('the server reset the connection');
    expect(out.text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} sent \(2 of 3\): hi\n$/);
    expect(err.text).toBe('client: the server reset the connection\n');
  });

  it('should write the time of day as HH:MM:SS.mmm', () => {
    expect(timeOfDay(new Date(2026, 0, 2, 3, 4, 5, 6))).toBe('03:04:05.006');
    expect(timeOfDay(new Date(2026, 0, 2, 23, 59, 59, 999))).toBe('23:59:59.999');
  });

  it('should say the summary with the plural of each language', () => {
    const ru = new ClientConsole('c.log', 'ru', new Kept(), new Kept()).words;
    expect([1, 2, 5, 21].map((n) => ru.done(n, 'c.log'))).toEqual([
      'готово: получен 1 ответ. Лог: c.log',
      'готово: получено 2 ответа. Лог: c.log',
      'готово: получено 5 ответов. Лог: c.log',
      'готово: получен 21 ответ. Лог: c.log',
    ]);
    const en = new ClientConsole('c.log', 'en', new Kept(), new Kept()).words;
    expect([1, 2].map((n) => en.done(n, 'c.log'))).toEqual([
      'done: received 1 reply. Log: c.log',
      'done: received 2 replies. Log: c.log',
    ]);
  });
});

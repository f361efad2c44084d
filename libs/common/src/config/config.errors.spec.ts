import { messages } from '../i18n/messages.js';
import { ConfigError } from './config.error.js';
import { configErrors, shown } from './config.errors.js';
import { loadConfigFile } from './config.loader.js';
import { SERVER_SYNC_SCHEMA } from './config.schema.js';
import { parseConfigValue } from './config.value.js';
import { thrown } from '../testing/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CYRILLIC = /[\u0400-\u04FF]/;

describe('config errors in both languages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirror-lab-i18n-'));
  const load = (text: string) => {
    const file = join(dir, 'c.ini');
    writeFileSync(file, text);
    return thrown(ConfigError, () => loadConfigFile(file, SERVER_SYNC_SCHEMA));
  };

  it('should say a bad value in Russian and in English, with the file, line, key and what is allowed', () => {
    const error = load('[server]\nport = 99999\n');
    expect(error.code).toBe('CONFIG_BAD_VALUE');
    expect(error.text('en')).toBe(error.message);
    expect(error.message).toBe(`${join(dir, 'c.ini')}: line 2: server.port = "99999": must be a whole number from 0 to 65535`);
    expect(error.text('ru')).toBe(`${join(dir, 'c.ini')}: строка 2: server.port = "99999": нужно целое число от 0 до 65535`);
  });

  it.each([
    ['an unknown key', '[server]\nPort = 1\n', 'неизвестный ключ server.Port (может быть, port?', 'unknown key server.Port (did you mean port?'],
    ['an unknown section', '[sevrer]\n', 'неизвестная секция [sevrer]; допустимые секции: server,', 'unknown section [sevrer]; allowed sections: server,'],
    ['a key given twice', '[work]\ndelay_ms = 1\ndelay_ms = 2\n', 'ключ work.delay_ms указан дважды (первый раз в строке 2)', 'key work.delay_ms given twice (first on line 2)'],
    ['a key outside a section', 'port = 1\n', 'ключ port стоит вне секции', 'key port stands outside any section'],
    ['a bad enum', '[work]\nmode = fast\n', 'work.mode = "fast": нужно одно из: sleep, spin', 'work.mode = "fast": must be one of: sleep, spin'],
    ['a bad section line', '[server\n', 'не строка секции', 'is not a section line'],
    ['a list key', '[server]\nport[] = 1\n', 'списки не поддерживаются', 'lists are not supported'],
  ])('should say %s in each language', (_what, text, ru, en) => {
    const error = load(text);
    expect(error.text('ru')).toContain(ru);
    expect(error.text('en')).toContain(en);
    expect(error.text('en')).not.toMatch(CYRILLIC);
  });

  it('should say a missing file and a directory in Russian', () => {
    const missing = thrown(ConfigError, () => loadConfigFile(join(dir, 'none.ini'), SERVER_SYNC_SCHEMA));
    expect(missing.text('ru')).toBe(`${join(dir, 'none.ini')}: файл настроек не найден (укажите его: --config ФАЙЛ)`);
    expect(missing.text('en')).toBe(`${join(dir, 'none.ini')}: config file not found (pass --config FILE)`);
    const directory = thrown(ConfigError, () => loadConfigFile(dir, SERVER_SYNC_SCHEMA));
    expect(directory.text('ru')).toBe(`${dir}: это каталог, а не файл настроек`);
  });

  it('should count the characters of a cut excerpt by the Russian plural rules (61, 62, 65, 81)', () => {
    const cut = (n: number) => shown('x'.repeat(n), 'ru');
    expect(cut(61)).toMatch(/…" \(61 символ\)$/);
    expect(cut(62)).toMatch(/…" \(62 символа\)$/);
    expect(cut(65)).toMatch(/…" \(65 символов\)$/);
    expect(cut(81)).toMatch(/…" \(81 символ\)$/);
    expect(shown('x'.repeat(62))).toMatch(/…" \(62 characters\)$/);
    const long = thrown(ConfigError, () => parseConfigValue('y'.repeat(70), SERVER_SYNC_SCHEMA.work.mode, 'work.mode'));
    expect(long.text('ru')).toContain('(70 символов): нужно одно из: sleep, spin');
  });

  it("should say a command-line mistake in the catalogue's words and keep the option it names", () => {
    const usage = (lang: 'ru' | 'en') => messages(lang).cli.usage('client');
    const unknown = configErrors.usage(Object.assign(new Error("Unknown option '--port'. To specify…"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }), usage);
    expect(unknown.text('ru')).toBe("неизвестный параметр '--port' (использование: client [--config ФАЙЛ] [--lang ru|en])");
    expect(unknown.text('en')).toBe("Unknown option '--port' (usage: client [--config FILE] [--lang ru|en])");
  });

  it('should keep the one text of an error built without a translation (the lab builds its own in its language)', () => {
    const own = new ConfigError('--clients "0": нужно целое число от 1 до 200');
    expect(own.text('en')).toBe(own.message);
    expect(own.text('ru')).toBe(own.message);
  });
});

describe('server and log texts: Russian plurals', () => {
  const ru = messages('ru');
  const en = messages('en');

  it.each([
    [1, '1 рабочий процесс', '1 событие'],
    [2, '2 рабочих процесса', '2 события'],
    [5, '5 рабочих процессов', '5 событий'],
    [21, '21 рабочий процесс', '21 событие'],
  ])('should say %i in the right form', (n, workers, events) => {
    expect(ru.server.listeningWorkers('127.0.0.1:1', n, 'x.log')).toBe(`слушаю 127.0.0.1:1, ${workers}; лог: x.log`);
    expect(ru.log.moreEvents(n, 'x.log')).toContain(`... и ещё ${events}, здесь не показанных`);
  });

  it('should say the lost events and the failed starts with Russian plurals', () => {
    expect(ru.log.writableAgain('x.log', 1)).toBe('лог: в x.log снова можно писать; 1 событие потеряно');
    expect(ru.log.writableAgain('x.log', 3)).toBe('лог: в x.log снова можно писать; 3 события потеряны');
    expect(ru.log.writableAgain('x.log', 11)).toBe('лог: в x.log снова можно писать; 11 событий потеряно');
    expect(ru.server.workersFailing(2, 5, 'код выхода 1')).toContain('рабочий процесс 2 5 раз подряд');
    expect(ru.server.workersFailing(2, 3, 'код выхода 1')).toContain('3 раза подряд');
  });

  it('should keep the English server texts that tests and docs quote', () => {
    expect(en.server.portInUse('127.0.0.1:9')).toBe(
      'cannot listen on 127.0.0.1:9: the port is already in use (is another server running? stop it, or set server.port to another port or to 0)',
    );
    expect(en.log.moreEvents(5, 'x.log')).toBe('... and 5 more events, not shown here (every event is in x.log)');
    expect(en.server.listeningWorkers('h:1', 4, 'x.log')).toBe('listening on h:1 with 4 workers; log: x.log');
  });
});

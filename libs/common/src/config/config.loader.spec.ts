import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../testing/index.js';
import { ConfigError, type ConfigErrorCode } from './config.error.js';
import { loadConfigFile, parseConfig } from './config.loader.js';
import { CLIENT_SCHEMA, SERVER_CLUSTER_SCHEMA, SERVER_SYNC_SCHEMA, SERVER_THREADS_SCHEMA } from './config.schema.js';
import { appExampleNotice, loadClientConfig, loadServerConfig, parseCommandLine } from './app-config.js';
import { EXAMPLE_STUDENT, loadStudent } from './student.js';

const FILE = 'config/server-sync.ini';
const parse = (text: string) => parseConfig(text, FILE, SERVER_SYNC_SCHEMA);
const failure = (text: string, code?: ConfigErrorCode): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    if (code) expect((error as ConfigError).code).toBe(code);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
};

describe(parseConfig.name, () => {
  it('should fill every key with its docs/spec.md#5-configuration default for an empty file', () => {
    expect(parse('')).toEqual({
      server: { host: '0.0.0.0', port: 12345 },
      reply: { signature: 'Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ' },
      mirror: { preserve_case: true },
      work: { delay_ms: 2000, mode: 'sleep' },
      session: { max_ms: 60000, idle_ms: 30000 },
      limits: { max_line_bytes: 65536, max_queue: 128, max_connections: 10000 },
      shutdown: { grace_ms: 5000 },
      log: { file: 'logs/server-sync.log' },
    });
  });

  it('should default cluster.workers to the number of CPUs', () => {
    const values = parseConfig('', 'x.ini', SERVER_CLUSTER_SCHEMA);
    expect(values.cluster.workers).toBeGreaterThanOrEqual(1);
  });

  it('should read typed values', () => {
    const v = parse('[server]\nport = 0\nhost=127.0.0.1\n[work]\nmode = spin\ndelay_ms=0\n[mirror]\npreserve_case = false\n');
    expect(v.server).toEqual({ host: '127.0.0.1', port: 0 });
    expect(v.work).toEqual({ mode: 'spin', delay_ms: 0 });
    expect(v.mirror.preserve_case).toBe(false);
  });

  it('should name the file, the line, the key and what is allowed for a bad value, on one line', () => {
    expect(failure('[work]\n\ndelay_ms = soon\n', 'CONFIG_BAD_VALUE')).toBe(
      `${FILE}: line 3: work.delay_ms = "soon": must be a whole number from 0 to 86400000`,
    );
  });

  it.each([
    ['[server]\nport = 70000\n', 'server.port = "70000": must be a whole number from 0 to 65535'],
    ['[server]\nport = -1\n', 'server.port = "-1"'],
    ['[server]\nport = 1.5\n', 'server.port = "1.5"'],
    ['[server]\nport\n', 'server.port = (no value)'],
    ['[server]\nhost = not a host!\n', 'server.host = "not a host!": must be a host name or an IP address'],
    ['[work]\nmode = nap\n', 'work.mode = "nap": must be one of: sleep, spin'],
    ['[mirror]\npreserve_case = maybe\n', 'mirror.preserve_case = "maybe": must be true or false'],
    ['[mirror]\npreserve_case\n', 'mirror.preserve_case = (no value): must be true or false'],
    ['[limits]\nmax_line_bytes = 0\n', 'limits.max_line_bytes = "0": must be a whole number from 16'],
    ['[reply]\nsignature = \n', 'reply.signature = "": must be non-empty text'],
    ['[reply]\nsignature = "a\\u0007b"\n', 'reply.signature = "a\\u0007b": must be non-empty text on one line'],
  ])('should refuse %j', (text, expected) => {
    expect(failure(text, 'CONFIG_BAD_VALUE')).toContain(expected);
  });

  it('should refuse an unknown section, naming the allowed ones', () => {
    expect(failure('[sever]\nport=1\n', 'CONFIG_UNKNOWN_SECTION')).toBe(
      `${FILE}: line 1: unknown section [sever]; allowed sections: server, reply, mirror, work, session, limits, shutdown, log`,
    );
  });

  it('should refuse an unknown key, naming the allowed ones, and hint at letter case', () => {
    expect(failure('[server]\nprot = 1\n', 'CONFIG_UNKNOWN_KEY')).toBe(
      `${FILE}: line 2: unknown key server.prot; allowed in [server]: host, port`,
    );
    expect(failure('[server]\nPort = 1\n')).toContain('unknown key server.Port (did you mean port? keys are lower-case)');
  });

  it('should refuse a key outside any section', () => {
    expect(failure('port = 1\n', 'CONFIG_KEY_OUTSIDE_SECTION')).toBe(
      `${FILE}: line 1: key port stands outside any section; put it under one of [server], [reply], [mirror], [work], [session], [limits], [shutdown], [log]`,
    );
  });

  it('should refuse a key given twice, naming both lines, even with the same value', () => {
    // The ini package let the last one win silently (issue 13, item 14).
    expect(failure('[server]\nport = 1\nhost = ::1\nport = 1\n', 'CONFIG_DUPLICATE_KEY')).toBe(
      `${FILE}: line 4: key server.port given twice (first on line 2); keep one of them`,
    );
  });

  it('should refuse a section given twice, even with different keys', () => {
    expect(failure('[server]\nport = 1\n[work]\n[server]\nhost = ::1\n', 'CONFIG_DUPLICATE_SECTION')).toBe(
      `${FILE}: line 4: section [server] given twice (first on line 1); put all its keys under one [server]`,
    );
  });

  it.each([
    ['[server]\nconstructor = 1\n', 'unknown key server.constructor; allowed in [server]: host, port'],
    ['[server]\n__proto__ = 1\n', 'unknown key server.__proto__; allowed in [server]: host, port'],
    ['[server]\ntoString = 1\n', 'unknown key server.toString;'],
    ['[hasOwnProperty]\n', 'unknown section [hasOwnProperty]; allowed sections: server,'],
    ['[__proto__]\nport = 1\n', 'unknown section [__proto__];'],
    ['[constructor]\n', 'unknown section [constructor];'],
  ])('should treat the Object.prototype name in %j as an unknown name', (text, expected) => {
    expect(failure(text)).toContain(expected);
  });

  it('should refuse [cluster] in server-sync, and the ini list syntax key[]', () => {
    expect(failure('[cluster]\nworkers = 2\n', 'CONFIG_UNKNOWN_SECTION')).toContain('unknown section [cluster]');
    expect(failure('[server]\nport[] = 1\nport[] = 2\n', 'CONFIG_LIST_KEY')).toBe(
      `${FILE}: line 2: server.port[]: lists are not supported; each key is a single value, give server.port once`,
    );
  });

  it('should show at most a short, escaped excerpt of a huge or odd value or name', () => {
    const huge = failure(`[work]\ndelay_ms = ${'9'.repeat(1_000_000)}\n`);
    expect(huge).toBe(`${FILE}: line 2: work.delay_ms = "${'9'.repeat(60)}…" (1000000 characters): must be a whole number from 0 to 86400000`);
    expect(failure(`[${'s'.repeat(500_000)}]\n`).length).toBeLessThan(300);
    expect(failure(`[server]\n${'k'.repeat(500_000)} = 1\n`).length).toBeLessThan(300);
    expect(failure('[server]\nport\u202e = 1\n')).toContain('unknown key server."port\\u202e";');
  });

  it('should validate the client and server-threads schemas', () => {
    expect(parseConfig('[client]\nmessages = 3\n', 'c.ini', CLIENT_SCHEMA).client.messages).toBe(3);
    expect(() => parseConfig('[server]\nport = 0\n', 'c.ini', CLIENT_SCHEMA)).toThrow('server.port = "0"');
    expect(parseConfig('', 't.ini', SERVER_THREADS_SCHEMA).threads).toEqual({ count: 4 });
    expect(parseConfig('[threads]\ncount = 256\n', 't.ini', SERVER_THREADS_SCHEMA).threads.count).toBe(256);
    expect(() => parseConfig('[threads]\ncount = 0\n', 't.ini', SERVER_THREADS_SCHEMA)).toThrow(
      't.ini: line 2: threads.count = "0": must be a whole number from 1 to 256',
    );
    expect(() => parseConfig('[cluster]\n', 't.ini', SERVER_THREADS_SCHEMA)).toThrow('unknown section [cluster]');
  });
});

describe(loadConfigFile.name, () => {
  it('should read a file saved by Windows Notepad: UTF-8 with a BOM and CRLF', () => {
    // Before: `key "[server]" stands outside any section` (issue 13, item 14).
    const file = join(tempDir(), 'notepad.ini');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[server]\r\nport = 7\r\n[reply]\r\nsignature = Сервер\r\n')]));
    const values = loadConfigFile(file, SERVER_SYNC_SCHEMA);
    expect(values.server.port).toBe(7);
    expect(values.reply.signature).toBe('Сервер');
  });

  it('should refuse a Windows-1251 file instead of reading mojibake', () => {
    const file = join(tempDir(), 'cp1251.ini');
    writeFileSync(file, Buffer.concat([Buffer.from('[reply]\nsignature = '), Buffer.from([0xd1, 0xe5, 0xf0, 0xe2, 0xe5, 0xf0, 0x0a])]));
    expect(() => loadConfigFile(file, SERVER_SYNC_SCHEMA)).toThrow(`${file}: line 2: not valid UTF-8 (byte 0xD1 at column 13;`);
  });
});

describe(loadServerConfig.name, () => {
  it('should refuse a missing file with exit code 2', () => {
    expect(() => loadServerConfig('server-sync', '/nonexistent/x.ini')).toThrow(
      new ConfigError('/nonexistent/x.ini: config file not found (pass --config FILE)'),
    );
  });

  it('should load the shipped defaults as documented', () => {
    const cluster = loadServerConfig('server-cluster', 'config/server-cluster.ini');
    expect(cluster).toMatchObject({ app: 'server-cluster', source: 'config/server-cluster.ini', server: { port: 12345 } });
    expect(cluster.log.file).toBe('logs/server-cluster.log');
    const sync = loadServerConfig('server-sync', 'config/server-sync.ini');
    const student = loadStudent('config/student.ini', {});
    expect(sync).toEqual({
      ...parseConfig('', 'x', SERVER_SYNC_SCHEMA),
      app: 'server-sync',
      source: 'config/server-sync.ini',
      student,
      cluster: { workers: 1 },
    });
    expect(loadClientConfig('config/client.ini')).toEqual({ ...parseConfig('', 'x', CLIENT_SCHEMA), app: 'client', source: 'config/client.ini', student });
  });

  it("should build the default signature and message from the student, and let the app's own key win", () => {
    const student = { name: 'Иванова Мария Петровна', group: 'М3О-321Б-22', course: {}, isExample: false };
    expect(loadServerConfig('server-cluster', 'config/server-cluster.ini', student).reply.signature).toBe('Сервер написан Иванова М.П. М3О-321Б-22');
    expect(loadClientConfig('config/en/client.ini', student).client.message).toBe('Иванова Мария Петровна М3О-321Б-22');
    const dir = tempDir();
    writeFileSync(join(dir, 's.ini'), '[reply]\nsignature = Своя подпись\n');
    writeFileSync(join(dir, 'c.ini'), '[client]\nmessage = Свой текст\n');
    expect(loadServerConfig('server-sync', join(dir, 's.ini'), student).reply.signature).toBe('Своя подпись');
    expect(loadClientConfig(join(dir, 'c.ini'), student).client.message).toBe('Свой текст');
  });

  it('should give server-threads its threads and one process', () => {
    const file = join(tempDir(), 'threads.ini');
    writeFileSync(file, '[threads]\ncount = 2\n');
    const config = loadServerConfig('server-threads', file);
    expect(config.threads.count).toBe(2);
    expect(config.cluster.workers).toBe(1);
    expect(config.log.file).toBe('logs/server-threads.log');
  });
});

describe(appExampleNotice.name, () => {
  it('should speak while the example is used, from student.ini or from the own key, and not otherwise', () => {
    const student = { name: 'Иванова Мария', group: 'М3О-321Б-22', course: {}, file: 'me.ini', isExample: false };
    expect(appExampleNotice(loadClientConfig('config/client.ini', EXAMPLE_STUDENT))).toContain('config/student.ini');
    expect(appExampleNotice(loadServerConfig('server-sync', 'config/server-sync.ini', student))).toBeUndefined();
    const file = join(tempDir(), 'old.ini');
    writeFileSync(file, '[reply]\nsignature = Сервер написан Титов Ю.П. М3О-3ХХБ-ХХ\n');
    expect(appExampleNotice(loadServerConfig('server-threads', file, student))).toContain(`from reply.signature in ${file}`);
  });
});

describe(parseCommandLine.name, () => {
  it('should default to config/<app>.ini', () => {
    expect(parseCommandLine('client', [], {})).toEqual({ configFile: 'config/client.ini', help: false, lang: 'ru' });
    expect(parseCommandLine('server-threads', [], {})).toEqual({ configFile: 'config/server-threads.ini', help: false, lang: 'ru' });
    expect(parseCommandLine('client', ['--config', 'x.ini']).configFile).toBe('x.ini');
    expect(parseCommandLine('server-sync', ['--student', 'me.ini'], {}).studentFile).toBe('me.ini');
  });

  it('should refuse an unknown flag with one line', () => {
    let error: unknown;
    try {
      parseCommandLine('server-sync', ['--port', '1']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_USAGE', message: "Unknown option '--port' (usage: server-sync [--config FILE] [--lang ru|en])" });
  });
});

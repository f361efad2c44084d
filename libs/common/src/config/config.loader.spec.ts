import { ConfigError } from './config.error.js';
import { parseConfig } from './config.loader.js';
import { CLIENT_SCHEMA, SERVER_CLUSTER_SCHEMA, SERVER_SYNC_SCHEMA } from './config.schema.js';
import { loadServerConfig, parseCommandLine } from './app-config.js';

const FILE = 'config/server-sync.ini';
const parse = (text: string) => parseConfig(text, FILE, SERVER_SYNC_SCHEMA);
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseConfig', () => {
  it('should fill every key with its SPEC §5 default for an empty file', () => {
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

  it('should name the file, the key and what is allowed for a bad value, on one line', () => {
    const message = failure('[work]\ndelay_ms = soon\n');
    expect(message).toBe(`${FILE}: work.delay_ms = "soon": must be a whole number from 0 to 86400000`);
    expect(message).not.toContain('\n');
  });

  it.each([
    ['[server]\nport = 70000\n', 'server.port = "70000": must be a whole number from 0 to 65535'],
    ['[server]\nport = -1\n', 'server.port = "-1"'],
    ['[server]\nport = 1.5\n', 'server.port = "1.5"'],
    ['[server]\nport\n', 'server.port = (no value)'],
    ['[server]\nhost = not a host!\n', 'server.host = "not a host!": must be a host name or an IP address'],
    ['[work]\nmode = nap\n', 'work.mode = "nap": must be one of: sleep, spin'],
    ['[mirror]\npreserve_case = maybe\n', 'mirror.preserve_case = "maybe": must be true or false'],
    ['[limits]\nmax_line_bytes = 0\n', 'limits.max_line_bytes = "0": must be a whole number from 16'],
    ['[reply]\nsignature = \n', 'reply.signature = "": must be non-empty text'],
  ])('should refuse %j', (text, expected) => {
    expect(failure(text)).toContain(expected);
  });

  it('should refuse an unknown section, naming the allowed ones', () => {
    expect(failure('[sever]\nport=1\n')).toBe(
      `${FILE}: unknown section [sever]; allowed sections: server, reply, mirror, work, session, limits, shutdown, log`,
    );
  });

  it('should refuse an unknown key, naming the allowed ones', () => {
    expect(failure('[server]\nprot = 1\n')).toBe(`${FILE}: unknown key server.prot; allowed in [server]: host, port`);
  });

  it('should refuse a key outside any section', () => {
    expect(failure('port = 1\n')).toContain('stands outside any section');
  });

  it('should refuse [cluster] in server-sync, and repeated keys given as arrays', () => {
    expect(failure('[cluster]\nworkers = 2\n')).toContain('unknown section [cluster]');
    expect(failure('[server]\nport[] = 1\nport[] = 2\n')).toContain('must be a single value');
  });

  it('should validate the client schema', () => {
    expect(parseConfig('[client]\nmessages = 3\n', 'c.ini', CLIENT_SCHEMA).client.messages).toBe(3);
    expect(() => parseConfig('[server]\nport = 0\n', 'c.ini', CLIENT_SCHEMA)).toThrow('server.port = "0"');
  });
});

describe('loadServerConfig', () => {
  it('should refuse a missing file with exit code 2', () => {
    expect(() => loadServerConfig('server-sync', '/nonexistent/x.ini')).toThrow(
      new ConfigError('/nonexistent/x.ini: config file not found (pass --config FILE)'),
    );
  });

  it('should load the shipped defaults as documented', () => {
    const config = loadServerConfig('server-cluster', 'config/server-cluster.ini');
    expect(config.server.port).toBe(12345);
    expect(config.log.file).toBe('logs/server-cluster.log');
  });
});

describe('parseCommandLine', () => {
  it('should default to config/<app>.ini', () => {
    expect(parseCommandLine('client', [])).toEqual({ configFile: 'config/client.ini', help: false });
    expect(parseCommandLine('client', ['--config', 'x.ini']).configFile).toBe('x.ini');
  });

  it('should refuse an unknown flag with one line', () => {
    expect(() => parseCommandLine('client', ['--port', '1'])).toThrow(ConfigError);
  });
});

import { ConfigError } from './config.error.js';
import { CLIENT_SCHEMA, defaultOf, SERVER_CLUSTER_SCHEMA, SERVER_SYNC_SCHEMA, SERVER_THREADS_SCHEMA, type KeySpec } from './config.schema.js';
import { parseConfigValue } from './config.value.js';

describe(parseConfigValue.name, () => {
  it('should return the typed value of a raw string', () => {
    const delay: number = parseConfigValue(' 250 ', SERVER_SYNC_SCHEMA.work.delay_ms, '--delay-ms');
    const mode: 'sleep' | 'spin' = parseConfigValue('spin', SERVER_SYNC_SCHEMA.work.mode, '--mode');
    const preserve: boolean = parseConfigValue('Off', SERVER_SYNC_SCHEMA.mirror.preserve_case, '--preserve-case');
    expect([delay, mode, preserve]).toEqual([250, 'spin', false]);
  });

  it('should throw a ConfigError that names the flag and what is allowed, with no file', () => {
    let error: unknown;
    try {
      parseConfigValue('lots', SERVER_CLUSTER_SCHEMA.cluster.workers, '--workers');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: 'CONFIG_BAD_VALUE',
      message: '--workers = "lots": must be a whole number from 1 to 256',
      params: { key: '--workers', value: '"lots"', allowed: 'must be a whole number from 1 to 256' },
    });
  });

  it.each([
    ['int', '16', { type: 'int', default: 1, min: 0, max: 16 }, 16],
    ['int', '17', { type: 'int', default: 1, min: 0, max: 16 }, undefined],
    ['int', '+3', { type: 'int', default: 1, min: 0, max: 16 }, 3],
    ['int', '9007199254740993', { type: 'int', default: 1, min: 0, max: Number.MAX_SAFE_INTEGER }, undefined],
    ['int', '1e3', { type: 'int', default: 1, min: 0, max: 10_000 }, undefined],
    ['bool', 'YES', { type: 'bool', default: true }, true],
    ['enum', 'Sleep', { type: 'enum', default: 'sleep', values: ['sleep'] }, undefined],
    ['host', '::1', { type: 'host', default: 'x' }, '::1'],
    ['host', 'a_b', { type: 'host', default: 'x' }, undefined],
    ['text', 'ёжик', { type: 'text', default: 'x', maxBytes: 8 }, 'ёжик'],
    ['text', 'ёжики', { type: 'text', default: 'x', maxBytes: 8 }, undefined],
    ['text', 'a\tb', { type: 'text', default: 'x', maxBytes: 8 }, undefined],
  ] as [string, string, KeySpec, unknown][])('should read %s %j as %j (undefined: refused)', (_type, raw, spec, expected) => {
    if (expected === undefined) expect(() => parseConfigValue(raw, spec, 'k')).toThrow(ConfigError);
    else expect(parseConfigValue(raw, spec, 'k')).toBe(expected);
  });

  it.each([
    ['server-sync', SERVER_SYNC_SCHEMA],
    ['server-cluster', SERVER_CLUSTER_SCHEMA],
    ['server-threads', SERVER_THREADS_SCHEMA],
    ['client', CLIENT_SCHEMA],
  ])('should accept every default of the %s schema as a value of its own key', (_app, schema) => {
    for (const [section, keys] of Object.entries(schema)) {
      for (const [key, spec] of Object.entries(keys as Record<string, KeySpec>)) {
        const value = defaultOf(spec);
        expect(parseConfigValue(String(value), spec, `${section}.${key}`)).toBe(value);
      }
    }
  });
});

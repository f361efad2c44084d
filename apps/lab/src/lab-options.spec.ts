import { jest } from '@jest/globals';
import fc from 'fast-check';
import type { KeySpec } from '@app/common';
// By path: test helpers are not part of @app/common (libs/common/src/testing/index.ts).
import { thrown } from '../../../libs/common/src/testing/index.js';

// lab-options imports @app/common, whose index pulls in nest-winston: a
// CommonJS package that requires ESM-only Nest, which Jest's module runtime
// cannot load on Node 20. The options never log; a stand-in takes its place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { CLIENT_SCHEMA, ConfigError, SERVER_CLUSTER_SCHEMA, SERVER_THREADS_SCHEMA, parseConfigValue } =
  await import('@app/common');
const { parseLabOptions } = await import('./lab-options.js');
// By path: the mapping from a thrown error to the exit code is not part of @app/common's index.
const { toStartupError } = await import('../../../libs/common/src/cli/run-main.js');

/** A flag, the config key whose range it takes, and where parseLabOptions puts its value. */
const FLAGS: [flag: string, spec: KeySpec | undefined, field: 'delayMs' | 'threads' | 'sendAfterMs' | 'lingerMs' | 'workers'][] =
  [
    ['delay', SERVER_CLUSTER_SCHEMA.work.delay_ms, 'delayMs'],
    ['workers', SERVER_CLUSTER_SCHEMA.cluster?.workers, 'workers'],
    ['threads', SERVER_THREADS_SCHEMA.threads.count, 'threads'],
    ['send-after', CLIENT_SCHEMA.client.send_after_ms, 'sendAfterMs'],
    ['linger', CLIENT_SCHEMA.client.linger_ms, 'lingerMs'],
  ];

describe('lab options: whole-number flags', () => {
  it("should refuse an out-of-range or non-numeric value with the config key's range, in the lab's words and language", () => {
    const ru = thrown(ConfigError, () => parseLabOptions(['--delay', '86400001'], {}));
    expect(ru.message).toBe('--delay "86400001": нужно целое число от 0 до 86400000');
    expect(ru.code).toBe('CONFIG_BAD_VALUE');
    const en = thrown(ConfigError, () => parseLabOptions(['--send-after', 'x', '--lang', 'en'], {}));
    expect(en.message).toBe('--send-after "x": must be a whole number from 0 to 86400000');
    expect(en.code).toBe('CONFIG_BAD_VALUE');
    expect(thrown(ConfigError, () => parseLabOptions(['--host', '127.0.0.1', '--port', '0'], {})).code).toBe('CONFIG_BAD_VALUE');
  });

  it('should show a long or invisible value cut and escaped, as config errors do, not whole', () => {
    const long = thrown(ConfigError, () => parseLabOptions(['--delay', '9'.repeat(5000)], {}));
    expect(long.message).toBe(`--delay "${'9'.repeat(60)}…" (5000 символов): нужно целое число от 0 до 86400000`);
    const mode = thrown(ConfigError, () => parseLabOptions(['--mode', 'sl\u202eeep', '--lang', 'en'], {}));
    expect(mode.message).toBe('--mode "sl\\u202eeep": must be one of sleep, spin');
  });

  it('should accept exactly the values the config loader accepts for the same key, as the same number', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -5, max: 100_000_000 }).map(String),
      fc
        .tuple(fc.constantFrom('+', '-', ' ', '0', ''), fc.nat(1000), fc.constantFrom('', ' ', '\t'))
        .map(([a, n, b]) => `${a}${n}${b}`),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FLAGS), text, ([flag, spec, field], raw) => {
        let expected: number | undefined;
        try {
          expected = parseConfigValue(raw, spec!, `--${flag}`) as number;
        } catch {
          expected = undefined;
        }
        if (expected === undefined)
          expect(thrown(ConfigError, () => parseLabOptions([`--${flag}=${raw}`], {})).code).toBe('CONFIG_BAD_VALUE');
        else expect(parseLabOptions([`--${flag}=${raw}`], {})[field]).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lab options: text flags', () => {
  it('should refuse a value longer than its config key takes as an option error naming the flag (exit 2)', () => {
    // The 2.6 KB signature: reply.signature takes 1024 bytes.
    const sig = thrown(ConfigError, () => parseLabOptions(['--signature', 'я'.repeat(1300)], {}));
    expect(toStartupError(sig).exitCode).toBe(2);
    expect(sig.message).toBe('--signature: 2600 байт — слишком длинно, можно не больше 1024');
    expect(parseLabOptions(['--signature', 'x'.repeat(1024)], {}).signature).toHaveLength(1024);
    // The message gets " #k" for client k: 4 bytes fewer than client.message's 65536.
    const msg = thrown(ConfigError, () => parseLabOptions(['--message', 'x'.repeat(65_533), '--lang', 'en'], {}));
    expect(msg.message).toBe('--message: 65533 bytes is too long, at most 65532 allowed');
    expect(parseLabOptions(['--message', 'x'.repeat(65_532)], {}).message).toHaveLength(65_532);
  });

  it("should carry --server-lang, the student's word for their server's language", () => {
    const o = parseLabOptions(['--host', '10.0.0.5', '--port', '12345', '--server-lang', 'Go'], {});
    expect(o.serverLang).toBe('Go');
    expect(parseLabOptions([], {}).serverLang).toBeUndefined();
    const long = ['--host', '10.0.0.5', '--port', '12345', '--server-lang', 'x'.repeat(101)];
    expect(toStartupError(thrown(ConfigError, () => parseLabOptions(long, {}))).exitCode).toBe(2);
    const alone = thrown(ConfigError, () => parseLabOptions(['--server-lang', 'Go'], {}));
    expect(toStartupError(alone).exitCode).toBe(2);
    expect(alone.message).toContain('--server-lang — только вместе с --host и --port');
  });
});

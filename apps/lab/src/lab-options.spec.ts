import { jest } from '@jest/globals';
import fc from 'fast-check';
import type { KeySpec } from '@app/common';

// lab-options imports @app/common, whose index pulls in nest-winston: a
// CommonJS package that requires ESM-only Nest, which Jest's module runtime
// cannot load on Node 20. The options never log; a stand-in takes its place.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { CLIENT_SCHEMA, ConfigError, SERVER_CLUSTER_SCHEMA, SERVER_THREADS_SCHEMA, parseConfigValue } =
  await import('@app/common');
const { parseLabOptions } = await import('./lab-options.js');
type ConfigError = InstanceType<typeof ConfigError>;

/** A flag, the config key whose range it takes, and where parseLabOptions puts its value. */
const FLAGS: [flag: string, spec: KeySpec | undefined, field: 'delayMs' | 'threads' | 'sendAfterMs' | 'lingerMs' | 'workers'][] =
  [
    ['delay', SERVER_CLUSTER_SCHEMA.work.delay_ms, 'delayMs'],
    ['workers', SERVER_CLUSTER_SCHEMA.cluster?.workers, 'workers'],
    ['threads', SERVER_THREADS_SCHEMA.threads.count, 'threads'],
    ['send-after', CLIENT_SCHEMA.client.send_after_ms, 'sendAfterMs'],
    ['linger', CLIENT_SCHEMA.client.linger_ms, 'lingerMs'],
  ];

const refusal = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('lab options: whole-number flags', () => {
  it("should refuse an out-of-range or non-numeric value with the config key's range, in the lab's words and language", () => {
    const ru = refusal(() => parseLabOptions(['--delay', '86400001'], {}));
    expect(ru.message).toBe('--delay "86400001": нужно целое число от 0 до 86400000');
    expect(ru.exitCode).toBe(2);
    expect(ru.code).toBe('CONFIG_BAD_VALUE');
    const en = refusal(() => parseLabOptions(['--send-after', 'x', '--lang', 'en'], {}));
    expect(en.message).toBe('--send-after "x": must be a whole number from 0 to 86400000');
    expect(en.code).toBe('CONFIG_BAD_VALUE');
    expect(refusal(() => parseLabOptions(['--host', '127.0.0.1', '--port', '0'], {})).code).toBe('CONFIG_BAD_VALUE');
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
          expect(refusal(() => parseLabOptions([`--${flag}=${raw}`], {})).code).toBe('CONFIG_BAD_VALUE');
        else expect(parseLabOptions([`--${flag}=${raw}`], {})[field]).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

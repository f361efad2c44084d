import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
// By path: test helpers are not part of @app/common (libs/common/src/testing/index.ts).
import { tempDir, thrown } from '../../../libs/common/src/testing/index.js';

// @app/common's index pulls in nest-winston, which Jest's module runtime
// cannot load on Node 20 (see commands.module.spec.ts); the config never logs.
jest.unstable_mockModule('nest-winston', () => ({ WinstonModule: {}, utilities: { format: {} } }));
const { ConfigError, loadConfigFile, SERVER_SYNC_SCHEMA } = await import('@app/common');
const { loadCommandsConfig, SERVER_COMMANDS_SCHEMA } = await import('./commands.config.js');

const CYRILLIC = /[\u0400-\u04FF]/;
const comments = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(';'))
    .join('\n');

describe(loadCommandsConfig.name, () => {
  it('should load both shipped copies (config/ in Russian, config/en/ in English) with the same values, its own log file', () => {
    const ru = loadCommandsConfig('config/server-commands.ini');
    const en = loadCommandsConfig(join('config/en', 'server-commands.ini'));
    expect({ ...en, source: '' }).toEqual({ ...ru, source: '' });
    expect(ru).toMatchObject({
      app: 'server-commands',
      source: 'config/server-commands.ini',
      log: { file: 'logs/server-commands.log' },
    });
    expect(comments('config/server-commands.ini')).toMatch(CYRILLIC);
    expect(comments('config/en/server-commands.ini').replace(/"[^"]*"/g, '')).not.toMatch(CYRILLIC);
  });

  it('should hold the defaults in the shipped file, the same as any server sections', () => {
    const shipped = loadCommandsConfig('config/server-commands.ini');
    expect({ ...shipped, app: undefined, source: undefined }).toEqual({
      ...loadConfigFile('/dev/null', SERVER_COMMANDS_SCHEMA),
      app: undefined,
      source: undefined,
    });
    expect(Object.keys(SERVER_COMMANDS_SCHEMA)).toEqual(Object.keys(SERVER_SYNC_SCHEMA));
  });

  it('should refuse a bad value with a config error that names the key', () => {
    const file = join(tempDir(), 'server-commands.ini');
    writeFileSync(file, '[work]\nmode = fast\n');
    expect(thrown(ConfigError, () => loadCommandsConfig(file)).message).toMatch(
      /server-commands.ini: line 2: work.mode = "fast": must be one of: sleep, spin/,
    );
  });
});

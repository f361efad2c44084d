import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClientConfig, loadServerConfig, type AppName } from './app-config.js';
import { parseConfig } from './config.loader.js';
import { CLIENT_SCHEMA } from './config.schema.js';
import { loadStudent } from './student.js';

const CYRILLIC = /[\u0400-\u04FF]/;
const comments = (file: string) => readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith(';')).join('\n');
const load = (app: AppName | 'student', file: string) =>
  app === 'student' ? loadStudent(file, {}) : app === 'client' ? loadClientConfig(file) : loadServerConfig(app, file);

describe('the shipped config files (config/*.ini in Russian, config/en/*.ini in English)', () => {
  const names = readdirSync('config').filter((f) => f.endsWith('.ini'));

  it('should ship the same five files in both languages', () => {
    // server-commands.ini belongs to the later lab's example app; its own spec loads it (apps/server-commands).
    expect(names.sort()).toEqual(['client.ini', 'server-cluster.ini', 'server-commands.ini', 'server-sync.ini', 'server-threads.ini', 'student.ini']);
    expect(readdirSync('config/en').sort()).toEqual(names);
  });

  it.each(['client', 'server-sync', 'server-cluster', 'server-threads', 'student'] as const)('%s: both copies load, with the same values', (app) => {
    const ru = load(app, `config/${app}.ini`);
    const en = load(app, join('config/en', `${app}.ini`));
    expect({ ...en, source: '', file: '' }).toEqual({ ...ru, source: '', file: '' });
    expect(comments(`config/${app}.ini`)).toMatch(CYRILLIC);
    // The English copy's comments are English (a quoted example, "Павлович" -> "Чиволвап", is data); the values are the same.
    expect(comments(`config/en/${app}.ini`).replace(/"[^"]*"/g, '')).not.toMatch(CYRILLIC);
  });

  it('should hold the defaults in the shipped client file', () => {
    expect({ ...loadClientConfig('config/client.ini'), source: '' }).toEqual({
      ...parseConfig('', 'x', CLIENT_SCHEMA),
      app: 'client',
      source: '',
      student: loadStudent('config/student.ini', {}),
    });
  });
});

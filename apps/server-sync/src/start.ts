import 'reflect-metadata';
import { appExampleNotice, loadServerConfig, loadStudent, runApp } from '@app/common';
import { runSyncServer } from './sync-server.js';

runApp({
  name: 'server-sync',
  loadConfig: (file, cli) => loadServerConfig('server-sync', file, loadStudent(cli.studentFile)),
  exampleNotice: (config) => appExampleNotice(config),
  logFile: (config) => config.log.file,
  signals: 'shutdown',
  run: runSyncServer,
});

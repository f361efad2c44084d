import 'reflect-metadata';
import { appExampleNotice, loadServerConfig, loadStudent, runApp } from '@app/common';
import { runThreadsServer } from './threads-server.js';

runApp({
  name: 'server-threads',
  loadConfig: (file, cli) => loadServerConfig('server-threads', file, loadStudent(cli.studentFile)),
  exampleNotice: (config) => appExampleNotice(config),
  logFile: (config) => config.log.file,
  signals: 'shutdown',
  run: runThreadsServer,
});

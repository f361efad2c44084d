import 'reflect-metadata';
import { loadServerConfig, runApp } from '@app/common';
import { runThreadsServer } from './threads-server.js';

runApp({
  name: 'server-threads',
  loadConfig: (file) => loadServerConfig('server-threads', file),
  logFile: (config) => config.log.file,
  signals: 'shutdown',
  run: runThreadsServer,
});

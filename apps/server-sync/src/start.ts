import 'reflect-metadata';
import { loadServerConfig, runApp } from '@app/common';
import { runSyncServer } from './sync-server.js';

runApp({
  name: 'server-sync',
  loadConfig: (file) => loadServerConfig('server-sync', file),
  logFile: (config) => config.log.file,
  signals: 'shutdown',
  run: runSyncServer,
});

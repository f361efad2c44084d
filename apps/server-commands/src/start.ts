import 'reflect-metadata';
import { runApp } from '@app/common';
import { APP, loadCommandsConfig } from './commands.config.js';
import { commandsMessages } from './commands.messages.js';
import { runCommandsServer } from './commands-server.js';

runApp({
  name: APP,
  describe: (lang) => commandsMessages(lang).what,
  loadConfig: (file) => loadCommandsConfig(file),
  logFile: (config) => config.log.file,
  signals: 'shutdown',
  run: runCommandsServer,
});

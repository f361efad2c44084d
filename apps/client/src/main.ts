import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadClientConfig, runApp } from '@app/common';
import { ClientModule } from './client.module.js';
import { MirrorClient } from './mirror-client.js';

runApp({
  name: 'client',
  loadConfig: (file) => loadClientConfig(file),
  logFile: (config) => config.log.file,
  // Signals are the client's own business (docs/spec.md#4-clients: Ctrl-C still logs DISCONNECTED reason=interrupted).
  signals: 'app',
  run: async ({ config, console, eventLog }) => {
    const app = await NestFactory.createApplicationContext(ClientModule.forRoot(config, eventLog), {
      logger: console.nest,
      abortOnError: false,
    });
    const code = await app.get(MirrorClient).run();
    await app.close();
    return code;
  },
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { appExampleNotice, loadClientConfig, loadStudent, runApp } from '@app/common';
import { ClientModule } from './client.module.js';
import { MirrorClient } from './mirror-client.js';

runApp({
  name: 'client',
  loadConfig: (file, cli) => loadClientConfig(file, loadStudent(cli.studentFile)),
  exampleNotice: (config) => appExampleNotice(config),
  logFile: (config) => config.log.file,
  // Signals are the client's own business (SPEC §4: Ctrl-C still logs DISCONNECTED reason=interrupted).
  signals: 'app',
  run: async ({ config, console, eventLog, onStopRequest }) => {
    const app = await NestFactory.createApplicationContext(ClientModule.forRoot(config, eventLog), {
      logger: console.nest,
      abortOnError: false,
    });
    const client = app.get(MirrorClient);
    onStopRequest(() => client.requestStop());
    const code = await client.run();
    await app.close();
    return code;
  },
});

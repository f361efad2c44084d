import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { appExampleNotice, loadClientConfig, loadStudent, runApp } from '@app/common';
import { logOffset, sendLogToBoard } from './board-upload.js';
import { ClientModule } from './client.module.js';
import { MirrorClient } from './mirror-client.js';

runApp({
  name: 'client',
  loadConfig: (file, cli) => loadClientConfig(file, loadStudent(cli.studentFile), cli.clientFlags),
  exampleNotice: (config) => appExampleNotice(config),
  logFile: (config) => config.log.file,
  // Signals are the client's own business (docs/spec.md#4-clients: Ctrl-C still logs DISCONNECTED reason=interrupted).
  signals: 'app',
  run: async ({ config, console, eventLog, onStopRequest }) => {
    const app = await NestFactory.createApplicationContext(ClientModule.forRoot(config, eventLog), {
      logger: console.nest,
      abortOnError: false,
    });
    const client = app.get(MirrorClient);
    onStopRequest(() => client.requestStop());
    // Where this run's lines begin: only they go to the board (board-upload.ts says why).
    const offset = logOffset(config.log.file);
    const code = await client.run();
    await app.close();
    if (config.board.url !== '') {
      // Also after a failure: the board shows why. A second Ctrl-C cuts this wait short.
      eventLog.flush();
      const line = await sendLogToBoard(config, offset);
      if (line.warn) console.nest.warn(line.text, 'Board');
      else console.nest.log(line.text, 'Board');
    }
    return code;
  },
});

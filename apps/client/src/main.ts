import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { appExampleNotice, loadClientConfig, loadStudent, runApp } from '@app/common';
import { logOffset, sendLogToBoard } from './board-upload.js';
import { ClientConsole } from './client-console.js';
import { ClientModule } from './client.module.js';
import { MirrorClient } from './mirror-client.js';
import { NestWarningsOnly } from './nest-warnings.logger.js';

runApp({
  name: 'client',
  loadConfig: (file, cli) => loadClientConfig(file, loadStudent(cli.studentFile), cli.clientFlags),
  logFile: (config) => config.log.file,
  // The console says each step in a sentence (client-console.ts), not the log's lines.
  echoEvents: false,
  // Signals are the client's own business (docs/spec.md#4-clients: Ctrl-C still logs DISCONNECTED reason=interrupted).
  signals: 'app',
  run: async ({ config, console, eventLog, onStopRequest }) => {
    const clientConsole = new ClientConsole(config.log.file);
    const notice = appExampleNotice(config);
    if (notice !== undefined) clientConsole.say(notice);
    const app = await NestFactory.createApplicationContext(ClientModule.forRoot(config, eventLog, clientConsole), {
      logger: new NestWarningsOnly(console.nest),
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
      if (line.warn) clientConsole.warn(line.text);
      else clientConsole.say(line.text);
    }
    return code;
  },
});

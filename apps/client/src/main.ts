import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConsoleLogger, EventLog, LogFile, loadClientConfig, parseCommandLine, runMain, usage } from '@app/common';
import { ClientModule } from './client.module.js';
import { MirrorClient } from './mirror-client.js';

const APP = 'client';

runMain(APP, async () => {
  const cli = parseCommandLine(APP, process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`usage: ${usage(APP)}\n`);
    return;
  }
  const config = loadClientConfig(cli.configFile);
  const logger = new ConsoleLogger(APP);
  const eventLog = new EventLog(LogFile.open(config.log.file), { app: APP, echo: logger.nest });
  process.on('exit', () => eventLog.close());

  const app = await NestFactory.createApplicationContext(ClientModule.forRoot(config, eventLog), {
    logger: logger.nest,
    abortOnError: false,
  });
  const code = await app.get(MirrorClient).run();
  await app.close();
  eventLog.close();
  await logger.close();
  process.exit(code);
});

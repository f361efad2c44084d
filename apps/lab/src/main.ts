import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@app/common';
import { LAB_USAGE, parseLabOptions } from './lab-options.js';
import { LabModule } from './lab.module.js';
import { LabService } from './lab.service.js';

runMain('lab', async () => {
  const options = parseLabOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(LAB_USAGE + '\n');
    return;
  }
  const app = await NestFactory.createApplicationContext(LabModule.forRoot(options), { logger: ['error', 'warn'] });
  const result = await app.get(LabService).run();
  await app.close();
  const failed = result.runs.some((r) => r.clients.some((c) => !c.ok));
  process.exit(failed ? 1 : 0);
});

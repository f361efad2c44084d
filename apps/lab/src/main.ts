import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { messages, runMain } from '@app/common';
import { chooseServers, loadIdentity } from './lab-identity.js';
import { parseLabOptions } from './lab-options.js';
import { LabModule } from './lab.module.js';
import { LabService } from './lab.service.js';

runMain('lab', async () => {
  const parsed = parseLabOptions(process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(messages(parsed.lang).lab.usage(availableParallelism()) + '\n');
    return;
  }
  const identity = loadIdentity(parsed);
  // The variant (--variant or config/student.ini) picks the servers unless --servers did.
  const options = { ...parsed, servers: chooseServers(parsed, identity.variant) };
  const app = await NestFactory.createApplicationContext(LabModule.forRoot(options, identity), { logger: ['error', 'warn'] });
  const result = await app.get(LabService).run();
  await app.close();
  const failed = result.runs.some((r) => r.clients.some((c) => !c.ok));
  process.exit(failed ? 1 : 0);
});

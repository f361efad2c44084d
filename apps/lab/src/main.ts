import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { messages, runMain, SHUTDOWN_SIGNALS, signalExitCode, STUDENT_ENV } from '@app/common';
import { chooseServers, loadIdentity } from './lab-identity.js';
import { parseLabOptions } from './lab-options.js';
import { labStopTexts } from './lab-stop.texts.js';
import { LabModule } from './lab.module.js';
import { LabService } from './lab.service.js';

runMain('lab', async () => {
  const parsed = parseLabOptions(process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(messages(parsed.lang).lab.usage(availableParallelism()) + '\n');
    return;
  }
  const identity = loadIdentity(parsed);
  // The servers and clients the lab starts read the same student file (their
  // texts are set in their generated configs, but they still validate it and
  // say where to change the example), wherever their working directory is.
  process.env[STUDENT_ENV] = identity.student.file === undefined ? '' : resolve(identity.student.file);
  // The variant (--variant or config/student.ini) picks the servers unless --servers did.
  const options = { ...parsed, servers: chooseServers(parsed, identity.variant) };
  const app = await NestFactory.createApplicationContext(LabModule.forRoot(options, identity), { logger: ['error', 'warn'] });
  const lab = app.get(LabService);
  // A signal to the lab's own pid (an IDE's stop button, `kill PID`, the
  // terminal closing) stops its children gracefully and still writes what was
  // collected, as a partial report. A second one leaves at once: the children
  // see their stdin end and stop by themselves, as after a SIGKILL.
  let interrupted: NodeJS.Signals | undefined;
  for (const signal of SHUTDOWN_SIGNALS)
    process.on(signal, () => {
      const t = labStopTexts(options.lang);
      if (interrupted) {
        process.stderr.write(t.interruptedAgain(signal) + '\n');
        process.exit(signalExitCode(signal));
      }
      interrupted = signal;
      process.stderr.write('\n' + t.interrupted(signal) + '\n');
      lab.interrupt(signal);
    });
  const result = await lab.run();
  await app.close();
  const failed = result.problems > 0 || result.runs.some((r) => r.clients.some((c) => !c.ok));
  process.exit(interrupted ? signalExitCode(interrupted) : failed ? 1 : 0);
});

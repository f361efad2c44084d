import 'reflect-metadata';
import { loadServerConfig, parseCommandLine, runMain, usage } from '@app/common';
import { runThreadsServer } from './threads-server.js';

const APP = 'server-threads';

runMain(APP, async () => {
  const cli = parseCommandLine(APP, process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`usage: ${usage(APP)}\n`);
    return;
  }
  await runThreadsServer(loadServerConfig(APP, cli.configFile));
});

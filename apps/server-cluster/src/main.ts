import 'reflect-metadata';
import cluster from 'node:cluster';
import { loadServerConfig, parseCommandLine, runMain, usage } from '@app/common';
import { runPrimary } from './primary.js';
import { runWorker } from './worker.js';

const APP = 'server-cluster';

runMain(APP, async () => {
  const cli = parseCommandLine(APP, process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`usage: ${usage(APP)}\n`);
    return;
  }
  const config = loadServerConfig(APP, cli.configFile);
  if (cluster.isPrimary) await runPrimary(config);
  else await runWorker(config);
});

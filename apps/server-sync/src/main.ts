import 'reflect-metadata';
import { runMain, runSyncServer } from '@app/common';

runMain('server-sync', () => runSyncServer(process.argv.slice(2)));

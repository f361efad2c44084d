import {
  MirrorModule,
  SerialAdmission,
  serveOneProcess,
  yieldSpinEvery,
  type AppContext,
  type ServerConfig,
  type Stoppable,
} from '@app/common';

/**
 * A spin is cut into slices this long, with a turn of the event loop between
 * them, so that a signal is seen during a long spin (docs/servers.md: the
 * grace time holds in spin mode too). One client is served at a time, so no
 * other request runs in between.
 */
const SPIN_SLICE_MS = 10;

/** server-sync: the iterative server, one client at a time, the others queued. */
export async function runSyncServer({ config, console, eventLog }: AppContext<ServerConfig>): Promise<Stoppable> {
  yieldSpinEvery(SPIN_SLICE_MS);
  return serveOneProcess('server-sync', config, eventLog, console, {
    feature: MirrorModule.forRoot(config),
    admission: new SerialAdmission(config.limits.max_queue),
  });
}

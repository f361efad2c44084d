import {
  LogEvent,
  messages,
  SerialAdmission,
  startMirrorServer,
  workDeadline,
  yieldSpinEvery,
  type AppContext,
  type ServerConfig,
  type Stoppable,
} from '@app/common';

const APP = 'server-sync';

/**
 * A spin is cut into slices this long, with a turn of the event loop between
 * them, so that a signal is seen during a long spin (docs/spec.md#3-servers: the grace time
 * holds in spin mode too). One client is served at a time, so no other
 * request runs in between.
 */
const SPIN_SLICE_MS = 10;

/** server-sync: the iterative server, one client at a time, the others queued. */
export async function runSyncServer({ config, console, eventLog }: AppContext<ServerConfig>): Promise<Stoppable> {
  yieldSpinEvery(SPIN_SLICE_MS);
  const server = await startMirrorServer(config, new SerialAdmission(config.limits.max_queue), eventLog, console);
  eventLog.event(LogEvent.SERVER_START, {
    host: config.server.host,
    port: server.port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: 1,
    config: config.source,
  });
  console.nest.log(messages().server.listening(`${config.server.host}:${server.port}`, eventLog.path), APP);

  let forced = false;
  return {
    async stop(signal) {
      console.nest.log(messages().server.stopping(signal, config.shutdown.grace_ms), APP);
      // A spin in progress past the grace time is cut there (it gets no reply).
      workDeadline.set(Date.now() + config.shutdown.grace_ms);
      await server.app.close();
      eventLog.event(LogEvent.SERVER_STOP, { signal, forced: forced || undefined });
    },
    force(signal) {
      forced = true;
      console.nest.log(messages().server.forcing(signal), APP);
      workDeadline.set(Date.now());
      server.transport.forceClose();
    },
  };
}

import { messages } from '../i18n/messages.js';
import { StartupError, StartupErrorCode } from './startup.error.js';

/** Turns a listen error into a coded StartupError, in words a student can act on (in this process's language). */
export function explainListenError(error: unknown, host: string, port: number): StartupError {
  const e = error as NodeJS.ErrnoException;
  const t = messages().server;
  const where = `${host}:${port}`;
  switch (e?.code) {
    case 'EADDRINUSE':
      return new StartupError(StartupErrorCode.PORT_IN_USE, t.portInUse(where));
    case 'EACCES':
      return new StartupError(StartupErrorCode.PORT_FORBIDDEN, t.portForbidden(where));
    case 'EADDRNOTAVAIL':
      return new StartupError(StartupErrorCode.ADDRESS_UNAVAILABLE, t.addressUnavailable(where));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new StartupError(StartupErrorCode.ADDRESS_UNAVAILABLE, messages().reliability.hostUnresolved(host));
    default:
      return new StartupError(StartupErrorCode.LISTEN_FAILED, t.listenFailed(where, e?.message ?? String(error)));
  }
}

// Only this import comes first: until the signals are held, SIGTERM would kill
// the server with nothing logged (libs/common/src/server/early-signals.ts).
import { holdShutdownSignals } from '@app/common/early-signals';

holdShutdownSignals();
await import('./start.js');

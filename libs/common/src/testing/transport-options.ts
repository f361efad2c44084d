import type { ConnectionLog } from '../transport/line.connection.js';
import type { LineTransportOptions } from '../transport/line.transport.js';
import { ConcurrentAdmission } from '../transport/admission.js';

/**
 * A `LineTransport` for an in-process spec: loopback, a free port, small
 * limits, no session or idle limit, every connection served at once; `change`
 * sets what a spec needs otherwise.
 */
export function testTransportOptions(log: ConnectionLog, change: Partial<LineTransportOptions> = {}): LineTransportOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    maxLineBytes: 1024,
    maxConnections: 10,
    sessionMs: 0,
    idleMs: 0,
    graceMs: 1000,
    admission: new ConcurrentAdmission(),
    log,
    ...change,
  };
}

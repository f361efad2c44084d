import { BaseRpcContext } from '@nestjs/microservices';
import type { Fields } from '../log/log-line.js';

export interface LinePeer {
  /** `address:port` of the client, `[v6]:port` for IPv6. */
  peer: string;
  /** The connection's number in this process, from 1. */
  id: number;
}

/** The RPC context a line handler gets: who sent the line (`getArgByIndex(0)`). */
export class LineContext extends BaseRpcContext<[LinePeer]> {
  /**
   * Fields the handler adds to its request's MESSAGE_SENT (server-threads:
   * `thread=`). One context per connection is enough: a connection has one
   * request in progress at a time, and the connection clears this after
   * logging.
   */
  replyFields?: Fields;

  /** Who sent the line: server-threads names the peer in its per-request events. */
  getPeer(): LinePeer {
    return this.getArgByIndex(0);
  }
}

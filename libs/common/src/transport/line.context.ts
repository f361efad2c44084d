import { BaseRpcContext } from '@nestjs/microservices';

export interface LinePeer {
  /** `address:port` of the client, `[v6]:port` for IPv6. */
  peer: string;
  /** The connection's number in this process, from 1. */
  id: number;
}

/** The RPC context a line handler gets: who sent the line (`getArgByIndex(0)`). */
export class LineContext extends BaseRpcContext<[LinePeer]> {
  /** Who sent the line: server-threads names the peer in its per-request events. */
  getPeer(): LinePeer {
    return this.getArgByIndex(0);
  }
}

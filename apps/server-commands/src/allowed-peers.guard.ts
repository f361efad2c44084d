import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { hostOf, type LineContext } from '@app/common';
import { AllowedPeers } from './command.constants.js';

/**
 * A guard decides whether a request is handled at all, from the request and
 * its context. On the line transport the context is a LineContext: who sent
 * the line. This one serves only the addresses in AllowedPeers. A refused
 * line is answered `ERROR internal server error` (Nest turns the refusal
 * into an RpcException, "Forbidden resource", which the log records); the
 * connection stays open.
 */
@Injectable()
export class AllowedPeersGuard implements CanActivate {
  private readonly allowed: ReadonlySet<string>;

  constructor(peers: AllowedPeers) {
    this.allowed = new Set(peers.addresses);
  }

  canActivate(context: ExecutionContext): boolean {
    const { peer } = context.switchToRpc().getContext<LineContext>().getPeer();
    return this.allowed.has(hostOf(peer));
  }
}

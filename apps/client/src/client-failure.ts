import type { ClientConfig } from '@app/common';

/** A client failure explained in words a student can act on; `reason` goes to DISCONNECTED. */
export class ClientFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'refused' | 'timeout' | 'unreachable' | 'server-closed' | 'server-error' | 'error',
  ) {
    super(message);
    this.name = ClientFailure.name;
  }
}

const firewallHint = (port: number) =>
  `if the server runs on another machine, its firewall may block the port; on the server run: ` +
  `sudo firewall-cmd --zone=public --add-port=${port}/tcp --permanent && sudo firewall-cmd --reload ` +
  `(check with: sudo firewall-cmd --list-all)`;

/** Explains a socket error of the connect phase. */
export function explainConnectError(error: NodeJS.ErrnoException, config: ClientConfig): ClientFailure {
  const { host, port } = config.server;
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ClientFailure(
        `connection refused by ${where}: nothing listens there. Is the server running, and is server.port in ${config.source} the port it printed?`,
        'refused',
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ClientFailure(
        `no route to ${where} (${error.code}): check server.host in ${config.source} and that both machines are on one network; ${firewallHint(port)}`,
        'unreachable',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ClientFailure(`cannot resolve the host name "${host}": check server.host in ${config.source} (an IP address works too)`, 'unreachable');
    case 'ETIMEDOUT':
      return connectTimeout(config);
    default:
      return new ClientFailure(`cannot connect to ${where}: ${error.code ?? ''} ${error.message}`.trim(), 'error');
  }
}

export function connectTimeout(config: ClientConfig): ClientFailure {
  const { host, port } = config.server;
  return new ClientFailure(
    `no answer from ${host}:${port} within ${config.client.connect_timeout_ms} ms: the machine may be off or unreachable, or ${firewallHint(port)}`,
    'timeout',
  );
}

export function replyTimeout(config: ClientConfig): ClientFailure {
  return new ClientFailure(
    `no reply within ${config.client.reply_timeout_ms} ms: the server may be busy with other clients (server-sync serves one at a time) or its work is slow; raise client.reply_timeout_ms in ${config.source}`,
    'timeout',
  );
}

export function closedBeforeReply(): ClientFailure {
  return new ClientFailure(
    'the server closed the connection before replying: it may have ended the session (session.max_ms or session.idle_ms on the server) or been stopped',
    'server-closed',
  );
}

export function serverError(line: string): ClientFailure {
  const hint = line.startsWith('ERROR server busy')
    ? ' (its queue of waiting clients is full; try again later)'
    : line.startsWith('ERROR line too long')
      ? ' (shorten client.message)'
      : '';
  return new ClientFailure(`the server answered with an error: ${line}${hint}`, 'server-error');
}

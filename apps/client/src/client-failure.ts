import { hostPort, messages, type ClientConfig, type Lang } from '@app/common';

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

// The words come from the catalogue (docs/spec.md#9-language): `lang` defaults to this
// process's language (--lang, MIRROR_LAB_LANG, else Russian).

/** Explains a socket error of the connect phase. */
export function explainConnectError(error: NodeJS.ErrnoException, config: ClientConfig, lang?: Lang): ClientFailure {
  const t = messages(lang).client;
  const { host, port } = config.server;
  const where = hostPort(host, port);
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ClientFailure(t.refused(where, config.source), 'refused');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ClientFailure(t.unreachable(where, error.code, config.source, port), 'unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ClientFailure(t.unresolved(host, config.source), 'unreachable');
    case 'ETIMEDOUT':
      return connectTimeout(config, lang);
    default:
      return new ClientFailure(t.connectFailed(where, osErrorText(error, lang)), 'error');
  }
}

export function connectTimeout(config: ClientConfig, lang?: Lang): ClientFailure {
  const { host, port } = config.server;
  return new ClientFailure(
    messages(lang).client.connectTimeout(hostPort(host, port), config.client.connect_timeout_ms, port),
    'timeout',
  );
}

export function replyTimeout(config: ClientConfig, lang?: Lang): ClientFailure {
  return new ClientFailure(messages(lang).client.replyTimeout(config.client.reply_timeout_ms, config.source), 'timeout');
}

export function closedBeforeReply(lang?: Lang): ClientFailure {
  return new ClientFailure(messages(lang).client.closedBeforeReply, 'server-closed');
}

export function serverError(line: string, lang?: Lang): ClientFailure {
  const hint = line.startsWith('ERROR server busy') ? 'busy' : line.startsWith('ERROR line too long') ? 'too-long' : 'none';
  return new ClientFailure(messages(lang).client.serverError(line, hint), 'server-error');
}

/** The system's error in the user's language: a known code from the catalogue, others as Node says them. */
export function osErrorText(error: NodeJS.ErrnoException, lang?: Lang): string {
  const known = error.code === undefined ? undefined : messages(lang).reliability.osErrors[error.code];
  return known ? `${known} (${error.code})` : `${error.code ?? ''} ${error.message}`.trim();
}

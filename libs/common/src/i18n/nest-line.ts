import type { Lang } from './lang.js';
import { messages } from './messages.js';

/**
 * Nest's own start-up lines in the catalogue's words (Nest has no language of
 * its own); any other line of Nest's is shown as Nest wrote it.
 */
export function nestLine(message: unknown, lang?: Lang): unknown {
  if (typeof message !== 'string') return message;
  const t = messages(lang).nest;
  switch (message) {
    case 'Starting Nest application...':
      return t.starting;
    case 'Nest application successfully started':
      return t.ready;
    case 'Nest microservice successfully started':
      return t.microserviceReady;
  }
  const module = /^(\w+) dependencies initialized$/.exec(message)?.[1];
  return module ? t.initialized(module) : message;
}

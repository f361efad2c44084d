import type { ClientConfig, LineServerConfig, ServerConfig } from './app-config.js';
import { configToken } from './config.token.js';

/** The validated config of whichever server runs (server-sync, server-cluster or server-threads). */
export const SERVER_CONFIG = configToken<ServerConfig>('SERVER_CONFIG');

/**
 * The config of any server as the server core sees it (the transport, the
 * work, the log): what the core's own providers (DelayInterceptor) read, and
 * what a feature module may read without a token of its own.
 */
export const LINE_SERVER_CONFIG = configToken<LineServerConfig>('LINE_SERVER_CONFIG');

/** The validated config of the client. */
export const CLIENT_CONFIG = configToken<ClientConfig>('CLIENT_CONFIG');

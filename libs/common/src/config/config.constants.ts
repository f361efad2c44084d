import type { ClientConfig, ServerConfig } from './app-config.js';
import { configToken } from './config.token.js';

/** The validated config of whichever server runs (server-sync, server-cluster or server-threads). */
export const SERVER_CONFIG = configToken<ServerConfig>('SERVER_CONFIG');

/** The validated config of the client. */
export const CLIENT_CONFIG = configToken<ClientConfig>('CLIENT_CONFIG');

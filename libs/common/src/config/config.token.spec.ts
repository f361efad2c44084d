import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { parseConfig } from './config.loader.js';
import { CLIENT_SCHEMA, SERVER_SYNC_SCHEMA, SERVER_THREADS_SCHEMA } from './config.schema.js';
import { CLIENT_CONFIG, SERVER_CONFIG } from './config.constants.js';
import { InjectConfig, provideConfig, type ConfigToken } from './config.token.js';
import type { ClientConfig, ServerConfig, SyncServerConfig, ThreadsServerConfig } from './app-config.js';

const serverConfig: SyncServerConfig = {
  app: 'server-sync',
  source: 's.ini',
  ...parseConfig('', 's.ini', SERVER_SYNC_SCHEMA),
  cluster: { workers: 1 },
};
const clientConfig: ClientConfig = { app: 'client', source: 'c.ini', ...parseConfig('', 'c.ini', CLIENT_SCHEMA) };

@Injectable()
class NeedsServerConfig {
  constructor(@InjectConfig(SERVER_CONFIG) readonly config: ServerConfig) {}
}

@Injectable()
class NeedsClientConfig {
  constructor(@InjectConfig(CLIENT_CONFIG) readonly config: ClientConfig) {}
}

describe('config tokens', () => {
  it('should inject each config through its own token', async () => {
    const module = await Test.createTestingModule({
      providers: [provideConfig(SERVER_CONFIG, serverConfig), provideConfig(CLIENT_CONFIG, clientConfig), NeedsServerConfig, NeedsClientConfig],
    }).compile();
    expect(module.get(NeedsServerConfig).config).toBe(serverConfig);
    expect(module.get(NeedsClientConfig).config).toBe(clientConfig);
  });

  it('should be distinct tokens, so a module that provides one cannot satisfy the other', async () => {
    expect(SERVER_CONFIG).not.toBe(CLIENT_CONFIG);
    await expect(
      Test.createTestingModule({ providers: [provideConfig(CLIENT_CONFIG, clientConfig), NeedsServerConfig] }).compile(),
    ).rejects.toThrow(/NeedsServerConfig/);
  });

  it('should not compile when a token is given the other config (checked by tsc; these lines only run)', () => {
    // @ts-expect-error a client's config is not a server's
    provideConfig(SERVER_CONFIG, clientConfig);
    // @ts-expect-error a server's config is not the client's
    provideConfig(CLIENT_CONFIG, serverConfig);
    // @ts-expect-error the tokens' types differ, not only their values
    const token: ConfigToken<ServerConfig> = CLIENT_CONFIG;

    @Injectable()
    class InjectsTheWrongOne {
      // @ts-expect-error the client's token where the server's config is taken
      constructor(@InjectConfig(CLIENT_CONFIG) readonly config: ServerConfig) {}
    }
    expect([token, InjectsTheWrongOne]).toHaveLength(2);
  });

  it('should type each server config from its own schema', () => {
    const threads: ThreadsServerConfig = { app: 'server-threads', source: 't.ini', ...parseConfig('', 't.ini', SERVER_THREADS_SCHEMA), cluster: { workers: 1 } };
    const configs: ServerConfig[] = [serverConfig, threads];
    const counts = configs.map((config) => (config.app === 'server-threads' ? config.threads.count : config.cluster.workers));
    expect(counts).toEqual([1, 4]);
    // @ts-expect-error server-sync has no [threads] section
    expect(serverConfig.threads).toBeUndefined();
    // @ts-expect-error an enum key's type is its values
    serverConfig.work.mode = 'nap';
  });
});

import { Module, type DynamicModule } from '@nestjs/common';
import { CLIENT_CONFIG, LogModule, provideConfig, type ClientConfig, type EventLog } from '@app/common';
import { MirrorClient } from './mirror-client.js';

@Module({})
export class ClientModule {
  static forRoot(config: ClientConfig, eventLog: EventLog): DynamicModule {
    return {
      module: ClientModule,
      imports: [LogModule.forRoot(eventLog)],
      providers: [MirrorClient, provideConfig(CLIENT_CONFIG, config)],
    };
  }
}

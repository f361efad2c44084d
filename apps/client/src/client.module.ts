import { Module, type DynamicModule } from '@nestjs/common';
import { CLIENT_CONFIG, LogModule, provideConfig, type ClientConfig, type EventLog } from '@app/common';
import { ClientConsole } from './client-console.js';
import { MirrorClient } from './mirror-client.js';

@Module({})
export class ClientModule {
  static forRoot(config: ClientConfig, eventLog: EventLog, console: ClientConsole): DynamicModule {
    return {
      module: ClientModule,
      imports: [LogModule.forRoot(eventLog)],
      providers: [MirrorClient, provideConfig(CLIENT_CONFIG, config), { provide: ClientConsole, useValue: console }],
    };
  }
}

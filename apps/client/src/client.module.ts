import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, LogModule, type ClientConfig, type EventLog } from '@app/common';
import { MirrorClient } from './mirror-client.js';

@Module({})
export class ClientModule {
  static forRoot(config: ClientConfig, eventLog: EventLog): DynamicModule {
    return {
      module: ClientModule,
      imports: [LogModule.forRoot(eventLog)],
      providers: [MirrorClient, { provide: APP_CONFIG, useValue: config }],
    };
  }
}

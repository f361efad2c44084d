import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  HandlerErrorsFilter,
  LogModule,
  provideConfig,
  SERVER_CONFIG,
  type EventLog,
  type ThreadsServerConfig,
} from '@app/common';
import { ThreadsController } from './threads.controller.js';
import { WorkPool } from './work-pool.js';

/**
 * What server-threads runs inside Nest. Unlike MirrorServerModule it binds no
 * DelayInterceptor: the simulated work is done on the pool's threads, not on
 * the main thread.
 */
@Module({})
export class ThreadsServerModule {
  static forRoot(config: ThreadsServerConfig, eventLog: EventLog, pool: WorkPool): DynamicModule {
    return {
      module: ThreadsServerModule,
      imports: [LogModule.forRoot(eventLog)],
      controllers: [ThreadsController],
      providers: [
        { provide: WorkPool, useValue: pool },
        provideConfig(SERVER_CONFIG, config),
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
      ],
    };
  }
}

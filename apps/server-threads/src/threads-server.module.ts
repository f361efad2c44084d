import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_CONFIG, HandlerErrorsFilter, LogModule, type EventLog, type ServerConfig } from '@app/common';
import { ThreadsController } from './threads.controller.js';
import { WorkPool } from './work-pool.js';

/**
 * What server-threads runs inside Nest. Unlike MirrorServerModule it binds no
 * DelayInterceptor: the simulated work is done on the pool's threads, not on
 * the main thread.
 */
@Module({})
export class ThreadsServerModule {
  static forRoot(config: ServerConfig, eventLog: EventLog, pool: WorkPool): DynamicModule {
    return {
      module: ThreadsServerModule,
      imports: [LogModule.forRoot(eventLog)],
      controllers: [ThreadsController],
      providers: [
        { provide: WorkPool, useValue: pool },
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
      ],
    };
  }
}

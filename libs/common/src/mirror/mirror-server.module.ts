import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.constants.js';
import type { ServerConfig } from '../config/app-config.js';
import type { EventLog } from '../log/event-log.js';
import { LogModule } from '../log/log.module.js';
import { HandlerErrorsFilter } from '../transport/handler-errors.filter.js';
import { DelayInterceptor } from '../work/delay.interceptor.js';
import { MirrorController } from './mirror.controller.js';
import { MirrorService } from './mirror.service.js';

/** What either server runs inside Nest: the mirror handler, its work, the config and the log. */
@Module({})
export class MirrorServerModule {
  static forRoot(config: ServerConfig, eventLog: EventLog): DynamicModule {
    return {
      module: MirrorServerModule,
      imports: [LogModule.forRoot(eventLog)],
      controllers: [MirrorController],
      providers: [
        MirrorService,
        DelayInterceptor,
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
      ],
      exports: [APP_CONFIG, MirrorService],
    };
  }
}

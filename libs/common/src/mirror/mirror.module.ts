import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { provideConfig } from '../config/config.token.js';
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
        provideConfig(SERVER_CONFIG, config),
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
        // Bound only when there is work to simulate: with delay_ms = 0 the
        // interceptor would do nothing, and Nest's interceptor chain (an RxJS
        // defer/mergeAll pair and an AsyncResource per request) cost about a
        // quarter of the request's CPU time (npm run bench, docs/performance.md).
        ...(config.work.delay_ms > 0 ? [{ provide: APP_INTERCEPTOR, useClass: DelayInterceptor }] : []),
      ],
      exports: [SERVER_CONFIG, MirrorService],
    };
  }
}

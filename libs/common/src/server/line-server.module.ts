import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { LineServerConfig } from '../config/app-config.js';
import { LINE_SERVER_CONFIG } from '../config/config.constants.js';
import { provideConfig } from '../config/config.token.js';
import type { EventLog } from '../log/event-log.js';
import { LogModule } from '../log/log.module.js';
import { HandlerErrorsFilter } from '../transport/handler-errors.filter.js';
import { DelayInterceptor } from '../work/delay.interceptor.js';

/** A lab's own Nest module: its LINE_PATTERN controller and the providers that controller needs. */
export type FeatureModule = Type<unknown> | DynamicModule;

/**
 * Who simulates the work (`work.delay_ms`): the core's DelayInterceptor
 * around the handler, or the feature itself (server-threads does it on its
 * pool's threads).
 */
export type WorkBy = 'interceptor' | 'feature';

/**
 * The server core inside Nest, the same for every server: the event log
 * (`EVENT_LOG`), the config (`LINE_SERVER_CONFIG`), the filter that hands a
 * handler's error to the transport, and the simulated work; and, imported,
 * the one feature module that answers the lines. Global, so that the
 * feature's providers can inject the config and the log without importing
 * anything.
 */
@Module({})
export class LineServerModule {
  static forRoot(
    config: LineServerConfig,
    eventLog: EventLog,
    feature: FeatureModule,
    workBy: WorkBy = 'interceptor',
  ): DynamicModule {
    return {
      module: LineServerModule,
      global: true,
      imports: [LogModule.forRoot(eventLog), feature],
      providers: [
        provideConfig(LINE_SERVER_CONFIG, config),
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
        // Bound only when there is work to simulate: with delay_ms = 0 the
        // interceptor would do nothing, and Nest's interceptor chain (an RxJS
        // defer/mergeAll pair and an AsyncResource per request) cost about a
        // quarter of the request's CPU time (npm run bench, docs/performance.md).
        ...(workBy === 'interceptor' && config.work.delay_ms > 0
          ? [{ provide: APP_INTERCEPTOR, useClass: DelayInterceptor }]
          : []),
      ],
      exports: [LINE_SERVER_CONFIG],
    };
  }
}

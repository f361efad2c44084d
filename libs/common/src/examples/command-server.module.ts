import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { provideConfig } from '../config/config.token.js';
import type { ServerConfig } from '../config/app-config.js';
import type { EventLog } from '../log/event-log.js';
import { LogModule } from '../log/log.module.js';
import { MirrorService } from '../mirror/mirror.service.js';
import { HandlerErrorsFilter } from '../transport/handler-errors.filter.js';
import { DelayInterceptor } from '../work/delay.interceptor.js';
import { ALLOWED_ADDRESSES, CLOCK, type Clock } from './command.constants.js';
import { CommandController } from './command.controller.js';
import { WordCountService } from './word-count.service.js';

export interface CommandServerOptions {
  /** Who may use the server (AllowedPeersGuard); loopback by default. */
  allowedAddresses?: readonly string[];
  clock?: Clock;
}

/**
 * MirrorServerModule with CommandController in place of MirrorController and
 * its new providers: the whole of the example lab, ready to be given to
 * NestFactory.createMicroservice with a LineTransport (see its spec).
 */
@Module({})
export class CommandServerModule {
  static forRoot(config: ServerConfig, eventLog: EventLog, options: CommandServerOptions = {}): DynamicModule {
    return {
      module: CommandServerModule,
      imports: [LogModule.forRoot(eventLog)],
      controllers: [CommandController],
      providers: [
        MirrorService,
        WordCountService,
        { provide: CLOCK, useValue: options.clock ?? (() => Date.now()) },
        { provide: ALLOWED_ADDRESSES, useValue: options.allowedAddresses ?? ['127.0.0.1', '::1'] },
        provideConfig(SERVER_CONFIG, config),
        { provide: APP_FILTER, useClass: HandlerErrorsFilter },
        ...(config.work.delay_ms > 0 ? [{ provide: APP_INTERCEPTOR, useClass: DelayInterceptor }] : []),
      ],
    };
  }
}

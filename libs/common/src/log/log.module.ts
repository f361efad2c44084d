import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EVENT_LOG } from './log.constants.js';
import type { EventLog } from './event-log.js';

/**
 * Makes the process's event log injectable (`@Inject(EVENT_LOG)`). The log is
 * opened by the bootstrap before Nest starts, so a log file that cannot be
 * written stops the app with one readable line before anything listens, and
 * so the bootstrap can flush and close it after Nest has shut down.
 */
@Global()
@Module({})
export class LogModule {
  static forRoot(eventLog: EventLog): DynamicModule {
    return {
      module: LogModule,
      providers: [{ provide: EVENT_LOG, useValue: eventLog }],
      exports: [EVENT_LOG],
    };
  }
}

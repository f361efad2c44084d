import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { NEVER, type Observable } from 'rxjs';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { InjectConfig } from '../config/config.token.js';
import type { ServerConfig } from '../config/app-config.js';
import type { EventLog } from '../log/event-log.js';
import { EVENT_LOG } from '../log/log.constants.js';
import { spin } from '../server/work-deadline.js';

/**
 * Simulated work before each reply (SPEC §3): `work.delay_ms` long, either
 * waiting without blocking the process (`sleep`, like a disk or a database) or
 * burning CPU and blocking it (`spin`, like a computation).
 */
@Injectable()
export class DelayInterceptor implements NestInterceptor {
  private readonly delayMs: number;
  private readonly spin: boolean;

  constructor(
    @InjectConfig(SERVER_CONFIG) config: ServerConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {
    this.delayMs = config.work.delay_ms;
    this.spin = config.work.mode === 'spin';
  }

  async intercept(_context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (this.spin) {
      // The events logged so far (this request's MESSAGE_RECEIVED) go to the
      // file now: the batched write would otherwise wait out the spin, and
      // other processes' later events would land before them.
      this.log.flush();
      // Cut short by a shutdown's deadline: the work was not done, so no
      // reply; the request stays in progress until the drain closes it.
      if (!(await spin(this.delayMs))) return NEVER;
    }
    // A plain timer, not RxJS's `timer().pipe(switchMap())`: with 10,000
    // clients waiting at once, RxJS's scheduler and operators were a fifth of
    // the worker's CPU time (npm run bench, docs/performance.md).
    else if (this.delayMs > 0) await sleep(this.delayMs);
    return next.handle();
  }
}

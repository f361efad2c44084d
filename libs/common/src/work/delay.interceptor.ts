import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { NEVER, type Observable } from 'rxjs';
import { APP_CONFIG } from '../config/config.constants.js';
import type { ServerConfig } from '../config/app-config.js';
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

  constructor(@Inject(APP_CONFIG) config: ServerConfig) {
    this.delayMs = config.work.delay_ms;
    this.spin = config.work.mode === 'spin';
  }

  async intercept(_context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (this.spin) {
      // Cut short by a shutdown's deadline: the work was not done, so no
      // reply; the request stays in progress until the drain closes it.
      if (!(await spin(this.delayMs))) return NEVER;
    }
    // A plain timer, not RxJS's `timer().pipe(switchMap())`: with 10,000
    // clients waiting at once, RxJS's scheduler and operators were a fifth of
    // the worker's CPU time (npm run bench, README "Performance").
    else if (this.delayMs > 0) await sleep(this.delayMs);
    return next.handle();
  }
}

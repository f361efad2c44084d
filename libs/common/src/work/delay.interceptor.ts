import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { NEVER, Observable, type Subscription } from 'rxjs';
import { LINE_SERVER_CONFIG } from '../config/config.constants.js';
import { InjectConfig } from '../config/config.token.js';
import type { LineServerConfig } from '../config/app-config.js';
import type { EventLog } from '../log/event-log.js';
import { EVENT_LOG } from '../log/log.constants.js';
import { spin } from './work-deadline.js';

/**
 * Simulated work before each reply (docs/spec.md#3-servers): `work.delay_ms` long, either
 * waiting without blocking the process (`sleep`, like a disk or a database) or
 * burning CPU and blocking it (`spin`, like a computation).
 */
@Injectable()
export class DelayInterceptor implements NestInterceptor {
  private readonly delayMs: number;
  private readonly spin: boolean;

  constructor(
    @InjectConfig(LINE_SERVER_CONFIG) config: LineServerConfig,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {
    this.delayMs = config.work.delay_ms;
    this.spin = config.work.mode === 'spin';
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    if (this.spin) return this.spinThen(next);
    if (this.delayMs <= 0) return next.handle();
    const delayMs = this.delayMs;
    return new Observable((subscriber) => {
      let inner: Subscription | undefined;
      const timer = setTimeout(() => {
        inner = next.handle().subscribe(subscriber);
      }, delayMs);
      return () => {
        clearTimeout(timer);
        inner?.unsubscribe();
      };
    });
  }

  private async spinThen(next: CallHandler): Promise<Observable<unknown>> {
    // The events logged so far (this request's MESSAGE_RECEIVED) go to the
    // file now: the batched write would otherwise wait out the spin, and
    // other processes' later events would land before them.
    this.log.flush();
    // Cut short by a shutdown's deadline: the work was not done, so no
    // reply; the request stays in progress until the drain closes it.
    if (!(await spin(this.delayMs))) return NEVER;
    return next.handle();
  }
}

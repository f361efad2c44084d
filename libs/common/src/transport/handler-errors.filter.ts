import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC exception handling turns any error that is not an
 * `RpcException` into `{ message: 'Internal server error' }` before the
 * transport sees it, so the log could not say what went wrong. This filter
 * hands the original error on: `LineConnection` logs it (`HANDLER_ERROR` with
 * the real message) and the peer still reads only `ERROR internal server
 * error`, never the server's internals. Register it as `APP_FILTER`.
 */
@Catch()
export class HandlerErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

import type { ServerResponse } from 'node:http';
import { Catch, Inject, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BOARD_CONTEXT, type BoardContext } from './board.constants.js';
import { classTexts } from './class-texts.js';

/** A path the board does not have: the same JSON shape as its other refusals, in the board's language. */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  constructor(@Inject(BOARD_CONTEXT) private readonly ctx: BoardContext) {}

  catch(_error: NotFoundException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ServerResponse>();
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(JSON.stringify({ error: 'not-found', message: classTexts(this.ctx.lang).notFound }));
  }
}

import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { LINE_PATTERN, LineContext } from '@app/common';
import { WorkPool } from './work-pool.js';

/**
 * server-threads' handler: the same line in, reply out as the other servers'
 * MirrorController, but the work (the simulated delay and the mirror) runs on
 * a thread of the pool, so the main thread only moves bytes and writes the log.
 */
@Controller()
export class ThreadsController {
  constructor(private readonly pool: WorkPool) {}

  @MessagePattern(LINE_PATTERN)
  async reply(@Payload() line: string, @Ctx() context: LineContext): Promise<string> {
    const { reply, thread } = await this.pool.run(line, context.getPeer().peer);
    // MESSAGE_SENT names the thread that did the work (docs/spec.md#6-logs: a request's events carry thread=).
    context.replyFields = { thread };
    return reply;
  }
}

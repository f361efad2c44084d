import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { InjectConfig } from '../config/config.token.js';
import type { ServerConfig } from '../config/app-config.js';
import { LINE_PATTERN } from '../transport/transport.constants.js';
import { MirrorService } from './mirror.service.js';

/**
 * The one handler both servers run: a line in, `<mirror>. <signature>` out.
 * The simulated work (`work.delay_ms`) is the DelayInterceptor around it,
 * bound by the server core (LineServerModule).
 */
@Controller()
export class MirrorController {
  private readonly suffix: string;
  private readonly preserveCase: boolean;

  constructor(
    private readonly mirror: MirrorService,
    @InjectConfig(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.suffix = '. ' + config.reply.signature;
    this.preserveCase = config.mirror.preserve_case;
  }

  @MessagePattern(LINE_PATTERN)
  reply(@Payload() line: string): string {
    return this.mirror.mirror(line, this.preserveCase) + this.suffix;
  }
}

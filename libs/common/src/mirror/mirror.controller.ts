import { Controller, Inject, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { APP_CONFIG } from '../config/config.constants.js';
import type { ServerConfig } from '../config/app-config.js';
import { LINE_PATTERN } from '../transport/transport.constants.js';
import { DelayInterceptor } from '../work/delay.interceptor.js';
import { MirrorService } from './mirror.service.js';

/** The one handler both servers run: a line in, `<mirror>. <signature>` out. */
@Controller()
export class MirrorController {
  private readonly suffix: string;
  private readonly preserveCase: boolean;

  constructor(
    private readonly mirror: MirrorService,
    @Inject(APP_CONFIG) config: ServerConfig,
  ) {
    this.suffix = '. ' + config.reply.signature;
    this.preserveCase = config.mirror.preserve_case;
  }

  @MessagePattern(LINE_PATTERN)
  @UseInterceptors(DelayInterceptor)
  reply(@Payload() line: string): string {
    return this.mirror.mirror(line, this.preserveCase) + this.suffix;
  }
}

import { Controller, Inject, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SERVER_CONFIG } from '../config/config.constants.js';
import { InjectConfig } from '../config/config.token.js';
import type { ServerConfig } from '../config/app-config.js';
import { localTimestamp } from '../log/log-line.js';
import { MirrorService } from '../mirror/mirror.service.js';
import { LINE_PATTERN } from '../transport/transport.constants.js';
import { AllowedPeersGuard } from './allowed-peers.guard.js';
import { CLOCK, CommandName, type Clock } from './command.constants.js';
import { ParseCommandPipe, type Command } from './command.pipe.js';
import { WordCountService } from './word-count.service.js';

/**
 * The mirror server's handler with two commands added (docs/extending.md):
 * `COUNT <text>` answers the number of words, `TIME` the server's time, any
 * other line gets its mirror, as before. The transport still hands over one
 * line and sends back the one string returned; nothing in it changed.
 */
@Controller()
export class CommandController {
  private readonly suffix: string;
  private readonly preserveCase: boolean;

  constructor(
    private readonly mirror: MirrorService,
    private readonly words: WordCountService,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectConfig(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.suffix = '. ' + config.reply.signature;
    this.preserveCase = config.mirror.preserve_case;
  }

  @UseGuards(AllowedPeersGuard)
  @MessagePattern(LINE_PATTERN)
  reply(@Payload(ParseCommandPipe) command: Command): string {
    switch (command.name) {
      case CommandName.COUNT:
        return String(this.words.count(command.text));
      case CommandName.TIME:
        return localTimestamp(this.clock());
      case CommandName.MIRROR:
        return this.mirror.mirror(command.text, this.preserveCase) + this.suffix;
    }
  }
}

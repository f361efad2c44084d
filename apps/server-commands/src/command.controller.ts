import { Controller, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectConfig, LINE_PATTERN, localTimestamp, MirrorService } from '@app/common';
import { AllowedPeersGuard } from './allowed-peers.guard.js';
import { Clock } from './clock.js';
import { CommandName } from './command.constants.js';
import { ParseCommandPipe, type Command } from './command.pipe.js';
import { COMMANDS_CONFIG, type CommandsConfig } from './commands.config.js';
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
    private readonly clock: Clock,
    @InjectConfig(COMMANDS_CONFIG) config: CommandsConfig,
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
        return localTimestamp(this.clock.now());
      case CommandName.MIRROR:
        return this.mirror.mirror(command.text, this.preserveCase) + this.suffix;
    }
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { CommandName } from './command.constants.js';
import { commandsMessages } from './commands.messages.js';

export interface Command {
  name: CommandName;
  /** What follows the command word; the whole line for MIRROR. */
  text: string;
}

/**
 * A pipe turns the handler's argument into what the handler wants: here the
 * raw line into a Command. A pipe that throws stops the request before the
 * handler runs; on the line transport the peer then reads
 * `ERROR internal server error` and the log's HANDLER_ERROR says why.
 */
@Injectable()
export class ParseCommandPipe implements PipeTransform<string, Command> {
  transform(line: string): Command {
    const space = line.indexOf(' ');
    const word = space === -1 ? line : line.slice(0, space);
    const rest = space === -1 ? '' : line.slice(space + 1);
    switch (word) {
      case CommandName.TIME:
        if (rest !== '') throw new RpcException(commandsMessages().timeTakesNoArgument);
        return { name: CommandName.TIME, text: '' };
      case CommandName.COUNT:
        if (rest.trim() === '') throw new RpcException(commandsMessages().countNeedsText);
        return { name: CommandName.COUNT, text: rest };
      default:
        return { name: CommandName.MIRROR, text: line };
    }
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { CommandName } from './command.constants.js';
import { commandsMessages } from './commands.messages.js';

export interface Command {
  name: CommandName;
  /** What follows the command word; the whole line for MIRROR. */
  text: string;
}

/** The command words a line may start with (MIRROR is what any other line is). */
const WORDS: ReadonlySet<string> = new Set(Object.values(CommandName).filter((name) => name !== CommandName.MIRROR));

/**
 * A pipe turns the handler's argument into what the handler wants: here the
 * raw line into a Command. A line whose first word is a command's name is
 * that command (TIME alone; any other with a text after it); every other line
 * is MIRROR. A pipe that throws stops the request before the handler runs; on
 * the line transport the peer then reads `ERROR internal server error` and
 * the log's HANDLER_ERROR says why.
 */
@Injectable()
export class ParseCommandPipe implements PipeTransform<string, Command> {
  transform(line: string): Command {
    const space = line.indexOf(' ');
    const word = space === -1 ? line : line.slice(0, space);
    const rest = space === -1 ? '' : line.slice(space + 1);
    if (!WORDS.has(word)) return { name: CommandName.MIRROR, text: line };
    const name = word as CommandName;
    if (name === CommandName.TIME) {
      if (rest !== '') throw new RpcException(commandsMessages().timeTakesNoArgument);
    } else if (rest.trim() === '') {
      throw new RpcException(commandsMessages().needsText(name));
    }
    return { name, text: rest };
  }
}

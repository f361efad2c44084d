import type { LoggerService } from '@nestjs/common';
import { WinstonModule, utilities } from 'nest-winston';
import winston from 'winston';
import type TransportStream from 'winston-transport';
import { nestLine } from '../i18n/nest-line.js';
import { consoleErr, consoleOut } from './console-out.js';

const translateNest = winston.format((info) => {
  info.message = nestLine(info.message);
  return info;
});

const MESSAGE = Symbol.for('message');
const TO_STDERR = new Set(['error', 'warn']);

/**
 * winston's Console transport writes to the terminal synchronously and would
 * block the process on a terminal that stopped reading (Ctrl-S); this one
 * hands each line to `ConsoleOut`, which drops and counts instead.
 */
// winston's own base class of transports (winston-transport, which winston depends on), as winston exports it.
const Transport = (winston as unknown as { Transport: typeof TransportStream }).Transport;

class NonBlockingConsole extends Transport {
  override log(info: { level: string; message: unknown }, next: () => void): void {
    const line = String((info as unknown as Record<symbol, unknown>)[MESSAGE] ?? info.message) + '\n';
    (TO_STDERR.has(info.level) ? consoleErr() : consoleOut()).write(line);
    next();
  }
}

/**
 * Nest's own messages (bootstrap, errors) and the echo of events go to the
 * console through winston. `close()` ends winston and waits for it to finish
 * writing, which Nest's shutdown hooks alone do not do.
 */
export class AppConsole {
  readonly nest: LoggerService;
  private readonly winston: winston.Logger;

  constructor(app: string, options: { quiet?: boolean } = {}) {
    this.winston = winston.createLogger({
      level: options.quiet ? 'warn' : 'info',
      transports: [
        new NonBlockingConsole({
          format: winston.format.combine(
            translateNest(),
            winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
            utilities.format.nestLike(app, { colors: process.stdout.isTTY ?? false, prettyPrint: true }),
          ),
        }),
      ],
    });
    this.nest = WinstonModule.createLogger({ instance: this.winston });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000);
      this.winston.on('finish', () => {
        clearTimeout(timer);
        resolve();
      });
      this.winston.end();
    });
  }
}

import type { LoggerService } from '@nestjs/common';
import { WinstonModule, utilities } from 'nest-winston';
import winston from 'winston';
import { nestLine } from '../i18n/nest-line.js';

const translateNest = winston.format((info) => {
  info.message = nestLine(info.message);
  return info;
});

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
        new winston.transports.Console({
          stderrLevels: ['error', 'warn'],
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

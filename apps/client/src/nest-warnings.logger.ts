import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own messages on the client's console: its warnings and errors pass,
 * its start-up lines ("Starting Nest application…", "… dependencies
 * initialized") do not. They tell a student nothing about the connection,
 * and they pushed the client's own sentences off the screen.
 */
export class NestWarningsOnly implements LoggerService {
  constructor(private readonly to: LoggerService) {}

  log(..._startUpChatter: unknown[]): void {
    // Dropped on purpose.
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.to.warn(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.to.error(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    (this.to.fatal ?? this.to.error).call(this.to, message, ...rest);
  }
}

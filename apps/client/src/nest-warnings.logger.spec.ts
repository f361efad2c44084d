import type { LoggerService } from '@nestjs/common';
import { NestWarningsOnly } from './nest-warnings.logger.js';

/** A logger that keeps each call as `level: message [context]`. */
function keeping(): { logger: LoggerService; calls: string[] } {
  const calls: string[] = [];
  const keep =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      calls.push(`${level}: ${String(message)} ${rest.join(' ')}`.trim());
  return { logger: { log: keep('log'), warn: keep('warn'), error: keep('error'), fatal: keep('fatal') }, calls };
}

describe(NestWarningsOnly.name, () => {
  it("should drop Nest's start-up lines and pass its warnings, errors and fatal errors with their context", () => {
    const { logger, calls } = keeping();
    const nest = new NestWarningsOnly(logger);
    nest.log('Starting Nest application...', 'NestFactory');
    nest.log('ClientModule dependencies initialized', 'InstanceLoader');
    nest.warn('a deprecated option', 'NestFactory');
    nest.error("Nest can't resolve dependencies of the MirrorClient (?)", 'stack…', 'ExceptionHandler');
    nest.fatal('out of memory', 'Main');
    expect(calls).toEqual([
      'warn: a deprecated option NestFactory',
      "error: Nest can't resolve dependencies of the MirrorClient (?) stack… ExceptionHandler",
      'fatal: out of memory Main',
    ]);
  });

  it('should give a fatal error as an error to a logger that has no fatal level', () => {
    const { logger, calls } = keeping();
    delete logger.fatal;
    new NestWarningsOnly(logger).fatal('out of memory', 'Main');
    expect(calls).toEqual(['error: out of memory Main']);
  });
});

import { Module, type DynamicModule } from '@nestjs/common';
import { MirrorService, provideConfig } from '@app/common';
import { Clock, systemClock } from './clock.js';
import { AllowedPeers, LOOPBACK } from './command.constants.js';
import { CommandController } from './command.controller.js';
import { COMMANDS_CONFIG, type CommandsConfig } from './commands.config.js';
import { WordCountService } from './word-count.service.js';

export interface CommandsModuleOptions {
  /** Who may use the server (AllowedPeersGuard); this machine by default. */
  allowedPeers?: AllowedPeers;
  /** What TIME reads; the real time by default, a stopped clock in a test. */
  clock?: Clock;
}

/**
 * The lab as one feature module: its controller and everything the
 * controller is given. The server core (startLineServer) adds the log, the
 * transport, the error filter and the simulated work around it, as it adds
 * them around the mirror in the other servers.
 */
@Module({})
export class CommandsModule {
  static forRoot(config: CommandsConfig, options: CommandsModuleOptions = {}): DynamicModule {
    return {
      module: CommandsModule,
      controllers: [CommandController],
      providers: [
        MirrorService,
        WordCountService,
        { provide: Clock, useValue: options.clock ?? systemClock },
        { provide: AllowedPeers, useValue: options.allowedPeers ?? LOOPBACK },
        provideConfig(COMMANDS_CONFIG, config),
      ],
    };
  }
}

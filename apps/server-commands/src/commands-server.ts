import { ConcurrentAdmission, serveOneProcess, type AppContext, type Stoppable } from '@app/common';
import { APP, type CommandsConfig } from './commands.config.js';
import { CommandsModule } from './commands.module.js';

/** server-commands: one process, every client served at once, each line answered by CommandsModule. */
export function runCommandsServer({ config, console, eventLog }: AppContext<CommandsConfig>): Promise<Stoppable> {
  return serveOneProcess(APP, config, eventLog, console, {
    feature: CommandsModule.forRoot(config),
    admission: new ConcurrentAdmission(),
  });
}

import { configToken, loadConfigFile, serverSchema, type ConfigOf } from '@app/common';

export const APP = 'server-commands';

/**
 * Every key server-commands reads, with its default and what is allowed: the
 * sections of every server (`serverSchema`). A lab that needs a setting of
 * its own adds a section here, `{ ...serverSchema(APP), lab: { key: {...} } }`,
 * and the loader, the type below and the error messages follow.
 */
export const SERVER_COMMANDS_SCHEMA = serverSchema(APP);

/** The validated config, typed from the schema. */
export type CommandsConfig = { app: typeof APP; source: string } & ConfigOf<typeof SERVER_COMMANDS_SCHEMA>;

/** Injects the config where a provider needs it: `@InjectConfig(COMMANDS_CONFIG) config: CommandsConfig`. */
export const COMMANDS_CONFIG = configToken<CommandsConfig>('COMMANDS_CONFIG');

/** Reads and validates `file` (`--config`, default config/server-commands.ini); a bad key stops the app with exit code 2. */
export function loadCommandsConfig(file: string): CommandsConfig {
  return { app: APP, source: file, ...loadConfigFile(file, SERVER_COMMANDS_SCHEMA) };
}

/** A configuration or command-line problem: one line for the user, exit code 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = ConfigError.name;
  }
}

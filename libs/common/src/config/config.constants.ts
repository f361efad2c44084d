/** Injection token of the app's validated config (`ServerConfig` or `ClientConfig`). */
export const APP_CONFIG = Symbol('APP_CONFIG');

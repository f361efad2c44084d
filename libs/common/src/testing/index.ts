/**
 * Helpers for tests, shared by unit specs (`libs/**\/*.spec.ts`) and end-to-end
 * tests (`test/`). Not exported from `@app/common`: no app may depend on them.
 */
export * from './blackhole.js';
export * from './free-port.js';
export * from './raw-client.js';
export * from './read-log.js';
export * from './temp-dir.js';
export * from './thrown.js';
export * from './transport-options.js';
export * from './wait-for.js';
export * from './write-ini.js';

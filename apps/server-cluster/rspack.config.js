import { mainBundle, threadBundle } from '../../rspack.config.js';

/**
 * server-cluster is built as two bundles in dist/apps/server-cluster/:
 * `main.js`, the primary and the workers, built as every app is; and
 * `primary-watch.thread.js`, the watchdog thread each worker starts
 * (primary-watch.ts), which needs only `WorkDeadline` of `@app/common`
 * (see threadBundle in the project's rspack.config.js).
 */
export default [mainBundle, (defaults) => threadBundle(defaults, 'primary-watch.thread')];

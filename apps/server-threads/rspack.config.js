import { mainBundle, threadBundle } from '../../rspack.config.js';

/**
 * server-threads is built as two bundles in dist/apps/server-threads/:
 * `main.js`, the Nest app on the main thread, built as every app is; and
 * `work.thread.js`, the code each thread of the pool loads (the pool starts
 * its threads from a file of their own).
 *
 * The thread needs only the mirror and the work from `@app/common`. Built
 * like main.js, its bundle would import the whole library, and with it Nest's
 * core, its microservices and winston: about 1 s of start-up and 20 MB of
 * heap per thread, measured on this 2-core machine. So its build drops the
 * modules of `libs/common` whose exports it does not use (they have no side
 * effects of their own), and the thread imports only `mirrorText` and
 * `spinFor`, which need no Nest: work.thread.js is 12 KB that imports only
 * node:worker_threads. With 4 threads, from the first THREAD_START to
 * SERVER_START took 13 s before and 1.2 s after, and the process's RSS went
 * from 184 MB to 130 MB (load average about 20 on 2 cores).
 */
export default [mainBundle, (defaults) => threadBundle(defaults, 'work.thread')];

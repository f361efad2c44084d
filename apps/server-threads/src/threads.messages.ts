import type { WorkMode } from '@app/common';

/** What every thread of the pool is given at start (its `workerData`). */
export interface ThreadSettings {
  delayMs: number;
  mode: WorkMode;
  preserveCase: boolean;
  /** `. <signature>`, appended to the mirror. */
  suffix: string;
  /** Test hook (see THREAD_EXIT_ON_ENV): a request with exactly this line makes its thread exit. */
  exitOn?: string;
}

/** One request, main thread → thread. */
export interface WorkTask {
  id: number;
  line: string;
  /** A start-up check that the thread code loads: no work, no mirror. */
  probe?: boolean;
}

/** Its answer, thread → main thread. */
export interface WorkResult {
  reply: string;
  /** The Node `threadId` of the thread that did the work. */
  thread: number;
  /** How long the work held the thread, in ms. */
  workMs: number;
}

/** Posted by a thread the moment it takes a request, before the work blocks it. */
export interface WorkStarted {
  type: 'work-start';
  id: number;
  thread: number;
}

/**
 * Fault injection for the tests of a dying thread: when this environment
 * variable is set, a request whose line is exactly its value makes the thread
 * that takes it call `process.exit(THREAD_TEST_EXIT_CODE)`, which in a worker
 * thread ends that thread only. Unset (always, outside tests), no line does
 * anything of the kind; when set, the server says so on its console at start.
 */
export const THREAD_EXIT_ON_ENV = 'MIRROR_LAB_TEST_THREAD_EXIT_ON';
export const THREAD_TEST_EXIT_CODE = 70;

/** The thread bundle, built beside main.js (apps/server-threads/rspack.config.js). */
export const THREAD_FILE = 'work.thread.js';

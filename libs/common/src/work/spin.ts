/**
 * Keeps the calling thread busy for `ms`: nothing else runs on it meanwhile
 * (in server-sync and server-cluster, that is the process's only thread).
 * A module of its own, free of Nest, so that server-threads' threads load it cheaply.
 */
export function spinFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

/**
 * The most V8 may grow each of a worker's two young-generation semi-spaces to,
 * in MB: Node 20's own ceiling. Node 24's V8 lets them grow to 64 MB on a
 * machine with this much memory (a 128 MB new space, against 32 MB on Node
 * 20), and a worker holding thousands of connections at once then has the
 * scavenger copy far more live objects on each collection: in a burst of
 * 10,000 clients (2 workers, 1 s sleep, Node 24.21) the last reply came after
 * 2,157–2,212 ms with 16 MB against 2,393–2,445 ms without, and the workers
 * used about 8% less CPU (docs/performance.md).
 */
export const WORKER_SEMI_SPACE_MB = 16;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/**
 * The Node options a worker starts with: the primary's own (what `cluster`
 * passes by default), plus the semi-space ceiling above unless the user set
 * one, on the command line or in NODE_OPTIONS; theirs is kept.
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => SEMI_SPACE_FLAG.test(arg));
  return given ? [...execArgv] : [...execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}

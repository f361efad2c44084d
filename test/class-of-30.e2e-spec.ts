import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, readLog, ROOT, tempDir, waitFor, writeIni, type AppProcess } from './helpers.js';
import { haproxyStat, NetRig, type NetHost } from './netns.js';

/**
 * A class of 30 on each server with its shipped config, straight to the
 * server and behind the shipped HAProxy, then again while one more machine
 * floods (issue 29, items 4 and 9; docs/logs.md and docs/network.md have the
 * figures). Everything runs in network namespaces (test/netns.ts): a server
 * host, a balancer, three class hosts with ten students each (real kit
 * clients, TypeScript and Python), and a flooding host (bench/flood.mjs).
 * The shipped haproxy.cfg limits each source address, so the flooding host
 * cannot spend the class's share of the servers' per-address log budget
 * behind the balancer; against a config without those limits the last test
 * fails (the balancer turns nothing away).
 *
 * `work.delay_ms` is lowered to 200 ms so the whole file stays short enough
 * for `npm test` (a class of 30 on server-sync with the shipped 2 s takes a
 * minute per run); `MIRROR_LAB_CLASS_DELAY=shipped` keeps the shipped value,
 * which is how the figures in the docs were measured.
 */

const SHIPPED = process.env.MIRROR_LAB_CLASS_DELAY === 'shipped';
const DELAY = SHIPPED ? 2000 : 200;
const STUDENTS = 30;
const PORT = 12345;
const LB_PORT = Number(/^\s*bind\s+\S*:(\d+)/m.exec(readFileSync(join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8'))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = (time: string) => Date.parse(time);

interface Student {
  message: string;
  log: string;
  proc: AppProcess;
}

interface ClassResult {
  /** Students whose client exited 0 with its own mirrored reply. */
  served: number;
  /** What the others said (exit code and the end of stderr). */
  failures: string[];
  /** Per student, ms from its SENT to its RECEIVED (its own clock). */
  waits: number[];
  /** Students refused by the server ("ERROR server busy ..."). */
  refused: number;
}

/** The shipped config of a server, with only the log file (and, unless SHIPPED, the delay) changed. */
function shippedConfig(app: string, dir: string): { config: string; log: string } {
  const log = join(dir, `${app}.log`);
  let text = readFileSync(join(ROOT, 'config', `${app}.ini`), 'utf8')
    .replace(/^port = .*$/m, `port = ${PORT}`)
    .replace(/^file = .*$/m, `file = ${log}`);
  if (!SHIPPED) text = text.replace(/^delay_ms = .*$/m, `delay_ms = ${DELAY}`);
  const config = join(dir, `${app}.ini`);
  writeFileSync(config, text);
  return { config, log };
}

const mirror = (message: string) => [...message].reverse().join('');

describe.each(['server-sync', 'server-cluster', 'server-threads'])('a class of 30 on %s, directly and behind HAProxy', (app) => {
  let rig: NetRig;
  let srv: NetHost;
  let lb: NetHost;
  let flooder: NetHost;
  let classHosts: NetHost[];
  let server: AppProcess;
  let serverLog: string;
  let haproxy: AppProcess;
  let socket: string;
  const results = new Map<string, ClassResult>();
  let run = 0;

  beforeAll(async () => {
    rig = new NetRig({ srv: 1, lb: 2, c1: 11, c2: 12, c3: 13, fl: 66 });
    srv = rig.host('srv');
    lb = rig.host('lb');
    flooder = rig.host('fl');
    classHosts = ['c1', 'c2', 'c3'].map((n) => rig.host(n));
    const dir = tempDir(`mirror-lab-class30-${app}-`);
    const { config, log } = shippedConfig(app, dir);
    serverLog = log;
    server = rig.spawn(srv, [process.execPath, join(ROOT, 'dist/apps', app, 'main.js'), '--config', config], {
      MIRROR_LAB_ECHO_PER_SECOND: '0',
    });
    await waitFor(
      () => (existsSync(log) ? events(readLog(log, true), 'SERVER_START')[0] : undefined),
      30_000,
      () => `${app} did not start: ${server.stderr}`,
      server,
    );
    // The shipped balancer config, but for what only the rig knows: its one
    // server line names the server host; a global section for a process in
    // the foreground (no chroot, no daemon, no system log socket).
    const shipped = readFileSync(join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
    let first = true;
    const body = shipped
      .slice(shipped.indexOf('\ndefaults'))
      .replace(/^(\s*server\s+\S+\s+)\S+:(\d+)(.*)\n/gm, (_, head: string, _port, tail: string) => {
        if (!first) return '';
        first = false;
        return `${head}${srv.address}:${PORT}${tail}\n`;
      });
    socket = join(dir, 'haproxy.sock');
    const lbConfig = join(dir, 'haproxy.cfg');
    writeFileSync(lbConfig, `global\n    stats socket ${socket} level admin\n${body}`);
    haproxy = rig.spawn(lb, ['haproxy', '-db', '-f', lbConfig]);
    await waitFor(
      () => (existsSync(socket) ? true : undefined),
      15_000,
      () => `haproxy did not start: ${haproxy.stderr}`,
      haproxy,
    );
  }, 120_000);

  afterAll(async () => {
    for (const p of [haproxy, server]) {
      if (!p) continue;
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
      await p.stop('SIGTERM');
      clearTimeout(timer);
    }
    rig?.destroy();
    // The figures, for docs/logs.md and docs/network.md.
    for (const [name, r] of results) {
      const sorted = [...r.waits].sort((a, b) => a - b);
      process.stdout.write(
        `${app} ${name}: served ${r.served}/${STUDENTS}, refused ${r.refused}, wait median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms\n`,
      );
    }
  });

  /** 30 students from three hosts, all started at once; resolves when every one has ended. */
  async function runClass(target: { host: string; port: number }): Promise<ClassResult> {
    run += 1;
    const students: Student[] = [];
    for (let i = 0; i < STUDENTS; i += 1) {
      const host = classHosts[i % classHosts.length];
      const dir = tempDir(`mirror-lab-class30-${host.name}-`);
      const log = join(dir, 'client.log');
      const message = `run ${run} student ${i} on ${host.name}`;
      const config = writeIni(join(dir, 'client.ini'), {
        server: target,
        // The shipped client waits 60 s for its reply; the 30th student on
        // server-sync with the shipped 2 s waits about that long, so the
        // timeout is the one its time-out message suggests (issue 29 item 9).
        // Short of the shipped delay, the clients are quicker too: they send
        // 300 ms after connecting and stay 100 ms after their reply (shipped:
        // 1 s and 500 ms; server-sync serves each for its whole session).
        client: { message, reply_timeout_ms: 180_000, ...(SHIPPED ? {} : { send_after_ms: 300, linger_ms: 100 }) },
        log: { file: log },
      });
      // Every fifth student runs the TypeScript client, the others the Python
      // one (it starts in a fraction of the time, which keeps the test short).
      const argv =
        i % 5 === 0
          ? [process.execPath, join(ROOT, 'dist/apps/client/main.js'), '--config', config]
          : ['python3', join(ROOT, 'clients/python/client.py'), '--config', config];
      students.push({ message, log, proc: rig.spawn(host, argv, { MIRROR_LAB_LANG: 'en' }) });
    }
    const exits = await Promise.all(students.map((s) => s.proc.exited));
    const result: ClassResult = { served: 0, failures: [], waits: [], refused: 0 };
    for (const [i, s] of students.entries()) {
      const log = existsSync(s.log) ? readLog(s.log) : [];
      const received = events(log, 'RECEIVED')[0];
      const sent = events(log, 'SENT')[0];
      if (exits[i].code === 0 && received?.fields.msg?.startsWith(`${mirror(s.message)}. `)) {
        result.served += 1;
        result.waits.push(at(received.time) - at(sent.time));
      } else {
        if (/busy/.test(exits[i].stderr)) result.refused += 1;
        result.failures.push(`${exits[i].code}: ${exits[i].stderr.trim().split('\n').at(-1)}`);
      }
    }
    return result;
  }

  const maxWait = (r: ClassResult) => Math.max(...r.waits);

  /** Connections the balancer's front end turned away by its tcp-request connection rules (`show stat`, dcon). */
  const deniedByBalancer = async () => Number((await haproxyStat(socket)).find((row) => row.svname === 'FRONTEND')?.dcon ?? NaN);

  it('should serve all 30 straight to the server, none refused', async () => {
    const r = await runClass({ host: srv.address, port: PORT });
    results.set('direct', r);
    expect(r.failures).toEqual([]);
    expect(r.served).toBe(STUDENTS);
  }, 240_000);

  it('should serve all 30 through HAProxy, none refused', async () => {
    const r = await runClass({ host: lb.address, port: LB_PORT });
    results.set('haproxy', r);
    expect(r.failures).toEqual([]);
    expect(r.served).toBe(STUDENTS);
  }, 240_000);

  it('should serve them as before while one more machine floods, directly and through HAProxy, and keep that machine below 1 GB of log an hour', async () => {
    const deniedBefore = await deniedByBalancer();
    const flood = rig.spawn(flooder, [
      process.execPath,
      join(ROOT, 'bench/flood.mjs'),
      `${srv.address}:${PORT},${lb.address}:${LB_PORT}`,
      // The flood is connect-and-close loops, half straight to the server,
      // half through the balancer: what grows a log fastest (docs/logs.md).
      // MIRROR_LAB_CLASS_FLOOD_LINES=N adds N connections sending 64 KiB
      // lines; they take the servers' work from the class (the figures and
      // why are in docs/logs.md), so they are a measurement, not part of
      // what this test holds the servers to.
      process.env.MIRROR_LAB_CLASS_FLOOD_LINES ?? '0',
      '40',
    ]);
    try {
      // The flood spends the burst first (docs/logs.md: 4 MiB per address).
      await sleep(SHIPPED ? 20_000 : 5_000);
      const before = statSync(serverLog).size;
      const t0 = performance.now();
      const direct = await runClass({ host: srv.address, port: PORT });
      const behind = await runClass({ host: lb.address, port: LB_PORT });
      const grown = statSync(serverLog).size - before;
      const seconds = (performance.now() - t0) / 1000;
      results.set('direct, flooded', direct);
      results.set('haproxy, flooded', behind);
      const gbPerHour = ((grown / seconds) * 3600) / 1e9;
      process.stdout.write(
        `${app} flood: ${(grown / 1e6).toFixed(2)} MB in ${seconds.toFixed(1)} s = ${gbPerHour.toFixed(3)} GB/h\n`,
      );
      expect(direct.failures).toEqual([]);
      expect(behind.failures).toEqual([]);
      expect(gbPerHour).toBeLessThan(1);
      // The balancer held the flooding machine to its per-source limits
      // (deploy/haproxy/haproxy.cfg), and no student was refused by them.
      expect((await deniedByBalancer()) - deniedBefore).toBeGreaterThan(0);
      // Served as before: the slowest student waits no more than three times
      // what the slowest waited without the flood, plus a second of slack for
      // a machine the flood keeps busy.
      expect(maxWait(direct)).toBeLessThan(3 * maxWait(results.get('direct')!) + 1000);
      expect(maxWait(behind)).toBeLessThan(3 * maxWait(results.get('haproxy')!) + 1000);
    } finally {
      const end = await flood.stop('SIGTERM');
      process.stdout.write(`${app} flooder: ${end.stdout.trim()}\n`);
    }
  }, 600_000);
});

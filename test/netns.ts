import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { AppProcess, ROOT } from './helpers.js';

/**
 * A small department network made of Linux network namespaces, for tests that
 * need machines with their own addresses (issue 15).
 *
 * Every machine ("host") is a namespace with one interface, `eth0`, plugged by
 * a veth pair into a bridge that lives in a namespace of its own (the
 * "switch"), so nothing is ever added to the machine's own network namespace:
 * its interfaces, routes and firewall are never touched. Addresses come from
 * 10.213.0.0/24, which exists only inside these namespaces. Every namespace
 * name starts with a prefix unique to the run, and `destroy()` ends the
 * processes inside them and deletes them by name.
 */
export const NETNS_PREFIX = 'mlnet-';
export const SUBNET = '10.213.0';

/** A machine of the rig. */
export interface NetHost {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
}

function sh(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Fails with a line saying what is missing. The tests are not skipped without
 * root: CI runs as root, so a missing capability there is a broken setup.
 */
export function requireNetworkNamespaces(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('the network tests create network namespaces (ip netns) and need root; CI runs them as root (sudo npm test)');
  }
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['nft', 'nftables'],
  ]) {
    try {
      sh('sh', ['-c', `command -v ${tool}`]);
    } catch {
      throw new Error(`${tool} not found: install Debian's ${pkg} (apt-get install ${pkg}), as .ci/run does`);
    }
  }
  try {
    sh('ip', ['netns', 'list']);
  } catch (error) {
    throw new Error(`ip netns does not work here: ${(error as Error).message}`, { cause: error });
  }
}

export class NetRig {
  /** Unique per run: namespaces of this run are `<id>-<host>`. */
  readonly id = `${NETNS_PREFIX}${process.pid.toString(36)}${randomBytes(2).toString('hex')}`;
  private readonly switchNs = `${this.id}-sw`;
  private readonly made: string[] = [];
  private readonly hosts = new Map<string, NetHost>();
  private readonly procs: AppProcess[] = [];
  private destroyed = false;
  // A run stopped by an uncaught error still deletes its namespaces.
  private readonly onExit = () => this.destroy();

  /** Creates the switch and one host per entry: name -> last octet of its address. */
  constructor(hosts: Record<string, number>) {
    requireNetworkNamespaces();
    process.on('exit', this.onExit);
    try {
      this.addNamespace(this.switchNs);
      sh('ip', ['-n', this.switchNs, 'link', 'set', 'lo', 'up']);
      sh('ip', ['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
      sh('ip', ['-n', this.switchNs, 'link', 'set', 'br0', 'up']);
      for (const [name, octet] of Object.entries(hosts)) this.addHost(name, octet);
    } catch (error) {
      this.destroy();
      throw error;
    }
  }

  host(name: string): NetHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name} in the rig`);
    return host;
  }

  /** Runs a command inside a host and returns its stdout (throws with its stderr on failure). */
  exec(host: NetHost, argv: string[], input?: string): string {
    return sh('ip', ['netns', 'exec', host.ns, ...argv], input);
  }

  /**
   * Starts a process inside a host. `ip netns exec` execs the command, so the
   * pid is the command's own and the process can be ended by it.
   */
  spawn(host: NetHost, argv: string[], env: Record<string, string> = {}): AppProcess {
    const child = spawn('ip', ['netns', 'exec', host.ns, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new AppProcess(child);
    this.procs.push(proc);
    return proc;
  }

  /** Pids of every process inside a namespace (all of them started by this run). */
  pids(ns: string): number[] {
    return sh('ip', ['netns', 'pids', ns])
      .split('\n')
      .filter((s) => s.trim() !== '')
      .map(Number);
  }

  /**
   * A machine switched off: its cable is pulled first (its port on the switch
   * goes down), then every process on it is killed, so not even the FINs of
   * its closing sockets get out. It answers nothing, not even a refusal.
   */
  powerOff(host: NetHost): void {
    sh('ip', ['-n', this.switchNs, 'link', 'set', `v-${host.name}`, 'down']);
    this.killAll(host.ns);
  }

  /**
   * Freezes every process on a host (SIGSTOP): the kernel still completes
   * TCP handshakes into the listen backlog and buffers what clients send,
   * but the program sees none of it until `thaw`.
   */
  freeze(host: NetHost): void {
    for (const pid of this.pids(host.ns)) process.kill(pid, 'SIGSTOP');
  }

  thaw(host: NetHost): void {
    for (const pid of this.pids(host.ns)) process.kill(pid, 'SIGCONT');
  }

  /** Ends every process and deletes every namespace of this run; safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    process.off('exit', this.onExit);
    const problems: string[] = [];
    for (const ns of [...this.made].reverse()) {
      try {
        this.killAll(ns);
        sh('ip', ['netns', 'delete', ns]);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const left = sh('ip', ['netns', 'list'])
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter((name) => name.startsWith(this.id));
    if (left.length > 0) problems.push(`namespaces left behind: ${left.join(', ')}`);
    if (problems.length > 0) throw new Error(`network rig cleanup: ${problems.join('; ')}`);
  }

  private addNamespace(ns: string): void {
    sh('ip', ['netns', 'add', ns]);
    this.made.push(ns);
  }

  private addHost(name: string, octet: number): void {
    const host: NetHost = { name, ns: `${this.id}-${name}`, address: `${SUBNET}.${octet}` };
    this.addNamespace(host.ns);
    // Both ends are made inside the switch namespace and one is moved into the
    // host, so not even for a moment does a link exist in the machine's own one.
    sh('ip', ['-n', this.switchNs, 'link', 'add', `v-${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns]);
    sh('ip', ['-n', this.switchNs, 'link', 'set', `v-${name}`, 'master', 'br0', 'up']);
    sh('ip', ['-n', host.ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['-n', host.ns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0']);
    sh('ip', ['-n', host.ns, 'link', 'set', 'eth0', 'up']);
    this.hosts.set(name, host);
  }

  private killAll(ns: string): void {
    const deadline = Date.now() + 5000;
    for (;;) {
      const pids = this.pids(ns);
      if (pids.length === 0) return;
      if (Date.now() > deadline) throw new Error(`processes ${pids.join(', ')} in ${ns} did not end`);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone between the listing and the kill.
        }
      }
      sleepSync(20);
    }
  }
}

/** What a closed port does to a connect: `drop` = no answer (a timeout), `reject` = ICMP admin-prohibited, as firewalld's default zone target does. */
export type ClosedPort = 'drop' | 'reject';

/**
 * A firewalld-like input filter inside one host: TCP to any port not opened
 * is dropped or rejected; replies to the host's own connections and loopback
 * pass. Opening a port adds it to a set, as `firewall-cmd --add-port` does.
 */
export class HostFirewall {
  private static readonly TABLE = 'mirror_lab_test';

  constructor(
    private readonly rig: NetRig,
    private readonly host: NetHost,
  ) {}

  /** (Re)installs the filter with every port closed. */
  closeAll(closed: ClosedPort): void {
    const t = HostFirewall.TABLE;
    const verdict = closed === 'drop' ? 'drop' : 'reject with icmpx admin-prohibited';
    this.rig.exec(
      this.host,
      ['nft', '-f', '-'],
      // "add" then "delete" makes the delete succeed whether or not the table exists.
      `add table inet ${t}\ndelete table inet ${t}\n` +
        `table inet ${t} {\n` +
        `  set open_tcp { type inet_service; }\n` +
        `  chain input {\n` +
        `    type filter hook input priority filter; policy accept;\n` +
        `    ct state established,related accept\n` +
        `    iif "lo" accept\n` +
        `    tcp dport @open_tcp accept\n` +
        `    meta l4proto tcp counter ${verdict}\n` +
        `  }\n` +
        `}\n`,
    );
  }

  open(port: number): void {
    this.rig.exec(this.host, ['nft', 'add', 'element', 'inet', HostFirewall.TABLE, 'open_tcp', `{ ${port} }`]);
  }

  /** Packets the filter has turned away since it was installed. */
  turnedAway(): number {
    return HostFirewall.count(this.rig.exec(this.host, this.listChain));
  }

  /**
   * Resolves with the moment the filter turns away more than `count` packets
   * (polled, without blocking the event loop, about every 20 ms).
   */
  async whenTurnedAway(count: number, ms = 30_000): Promise<number> {
    const deadline = Date.now() + ms;
    for (;;) {
      const chain = await new Promise<string>((resolve, reject) =>
        execFile('ip', ['netns', 'exec', this.host.ns, ...this.listChain], (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        ),
      );
      if (HostFirewall.count(chain) > count) return Date.now();
      if (Date.now() > deadline) throw new Error(`the firewall of ${this.host.name} turned nothing away in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private get listChain(): string[] {
    return ['nft', 'list', 'chain', 'inet', HostFirewall.TABLE, 'input'];
  }

  private static count(chain: string): number {
    const match = /counter packets (\d+)/.exec(chain);
    if (!match) throw new Error(`no counter in the firewall's chain:\n${chain}`);
    return Number(match[1]);
  }
}

/** The TCP ports a firewalld service file opens, read by firewalld's own parser (Debian's python3-firewall). */
export async function firewalldPorts(file: string): Promise<number[]> {
  const code =
    'import json, os, sys\n' +
    'from firewall.core.io.service import service_reader\n' +
    's = service_reader(os.path.basename(sys.argv[1]), os.path.dirname(sys.argv[1]))\n' +
    'print(json.dumps([[p, proto] for p, proto in s.ports]))';
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', code, file]).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(
        `firewalld's reader refused ${file} (python3-firewall is needed, as .ci/run installs): ${error.stderr ?? error.message}`,
      );
    },
  );
  return (JSON.parse(stdout) as Array<[string, string]>).flatMap(([range, proto]) => {
    if (proto !== 'tcp') return [];
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/** HAProxy's `show stat` through its stats socket: one record per proxy or server, by column name (pxname, svname, status, dcon…). */
export function haproxyStat(socket: string): Promise<Array<Record<string, string>>> {
  return new Promise((resolve, reject) => {
    let text = '';
    const s = connect(socket, () => s.end('show stat\n'));
    s.setEncoding('utf8').on('data', (d: string) => (text += d));
    s.on('error', reject);
    s.on('close', () => {
      const [head, ...rows] = text.trim().split('\n');
      const cols = head.replace(/^# /, '').split(',');
      resolve(rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [cols[i], value]))));
    });
  });
}

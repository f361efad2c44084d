import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, isHost, type WorkMode } from '@app/common';

export type ServerKind = 'server-sync' | 'server-cluster';
export type Lang = 'ru' | 'en';

export interface LabOptions {
  clients: number;
  delayMs: number;
  mode: WorkMode;
  staggerMs: number;
  servers: ServerKind[];
  workers: number;
  /** Drive clients against a server on another machine (no server is started). */
  remote?: { host: string; port: number };
  lang: Lang;
  outDir: string;
  message: string;
  sendAfterMs: number;
  lingerMs: number;
  help: boolean;
}

export const LAB_USAGE = `usage: npm start -- [options]
  --clients N       client processes per server (default 5)
  --delay MS        simulated work per request, ms (default 2000)
  --mode M          sleep | spin (default sleep)
  --stagger MS      pause between client launches, ms (default 300)
  --servers LIST    sync,cluster | sync | cluster (default sync,cluster)
  --workers N       server-cluster worker processes (default: CPUs)
  --send-after MS   client pause between connect and send (default 1000)
  --linger MS       client stays connected after the reply (default 500)
  --message TEXT    what clients send (default: the student's name and group)
  --host H --port P run only the clients against a server on another machine
  --lang ru|en      report language (default ru)
  --out DIR         where reports/<timestamp>/ goes (default reports)`;

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(`--${name} ${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
  return n;
};

export function parseLabOptions(argv: string[]): LabOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        clients: { type: 'string' },
        delay: { type: 'string' },
        mode: { type: 'string' },
        stagger: { type: 'string' },
        servers: { type: 'string' },
        workers: { type: 'string' },
        'send-after': { type: 'string' },
        linger: { type: 'string' },
        message: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (npm start -- --help lists the options)`);
  }
  const s = (k: string) => values[k] as string | undefined;
  const mode = s('mode') ?? 'sleep';
  if (mode !== 'sleep' && mode !== 'spin') throw new ConfigError(`--mode ${JSON.stringify(mode)}: must be sleep or spin`);
  const lang = s('lang') ?? 'ru';
  if (lang !== 'ru' && lang !== 'en') throw new ConfigError(`--lang ${JSON.stringify(lang)}: must be ru or en`);
  const servers = (s('servers') ?? 'sync,cluster').split(',').map((x) => x.trim());
  const kinds = servers.map((x): ServerKind => {
    if (x === 'sync' || x === 'server-sync') return 'server-sync';
    if (x === 'cluster' || x === 'server-cluster') return 'server-cluster';
    throw new ConfigError(`--servers ${JSON.stringify(s('servers'))}: a list of sync and cluster, e.g. sync,cluster`);
  });
  let remote: LabOptions['remote'];
  if (s('host') !== undefined || s('port') !== undefined) {
    const host = s('host');
    if (!host || !isHost(host)) throw new ConfigError(`--host ${JSON.stringify(host ?? '')}: a host name or IP address is needed with --port`);
    remote = { host, port: int('port', s('port') ?? '', 0, 1, 65535) };
  }
  const message = s('message') ?? 'Титов Юрий Павлович М3О-3ХХБ-ХХ';
  if (message.trim() === '' || /[\u0000-\u001f]/.test(message)) throw new ConfigError('--message: must be non-empty text on one line');
  return {
    clients: int('clients', s('clients'), 5, 1, 50),
    delayMs: int('delay', s('delay'), 2000, 0, 60_000),
    mode,
    staggerMs: int('stagger', s('stagger'), 300, 0, 10_000),
    servers: [...new Set(kinds)],
    workers: int('workers', s('workers'), availableParallelism(), 1, 64),
    sendAfterMs: int('send-after', s('send-after'), 1000, 0, 60_000),
    lingerMs: int('linger', s('linger'), 500, 0, 60_000),
    message,
    remote,
    lang,
    outDir: s('out') ?? 'reports',
    help: values.help === true,
  };
}

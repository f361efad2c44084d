// How fast one machine can grow a server's log (docs/logs.md, "What one peer
// can make the log write"). Starts a built server with its shipped config
// (only the port, the host and the log file changed: port 0, 127.0.0.1, a
// temporary file), floods it from this machine for SECONDS and prints the
// log's growth and what that is an hour.
//
//   node bench/log-flood.mjs server-sync|server-cluster|server-threads lines|connects [SECONDS] [CONNECTIONS] [SOURCE]
//
// The connections come from SOURCE, default 127.0.0.2: a loopback address
// that stands for another machine (the servers do not budget this machine's
// own 127.0.0.1, see libs/common/src/transport/peer-budget.ts).
//
// lines: CONNECTIONS connections each send a 65,535-byte line of U+0001 (the
// longest accepted), wait for its reply, send the next, and connect again
// when the server ends the session. connects: CONNECTIONS loops that connect
// and close at once, as fast as they can.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const [app = 'server-sync', mode = 'lines', seconds = '20', connections = '100', source = '127.0.0.2'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'log-flood-'));
const log = join(dir, `${app}.log`);
const shipped = readFileSync(join(ROOT, 'config', `${app}.ini`), 'utf8');
const config = join(dir, `${app}.ini`);
writeFileSync(
  config,
  shipped
    .replace(/^host = .*$/m, 'host = 127.0.0.1')
    .replace(/^port = .*$/m, 'port = 0')
    .replace(/^file = .*$/m, `file = ${log}`),
);
const server = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), '--config', config], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, MIRROR_LAB_ECHO_PER_SECOND: '0' },
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let port;
for (let i = 0; i < 300 && !port; i += 1) {
  await sleep(100);
  if (existsSync(log)) port = /SERVER_START .*port=(\d+)/.exec(readFileSync(log, 'utf8'))?.[1];
}
if (!port) throw new Error('the server did not start');
await sleep(1000);

const LINE = Buffer.concat([Buffer.alloc(65535, 1), Buffer.from('\n')]);
let stop = false;
let replies = 0;
let opened = 0;

function lineLoop() {
  return new Promise((done) => {
    const s = connect({ port: Number(port), host: '127.0.0.1', localAddress: source });
    opened += 1;
    s.on('error', () => undefined);
    s.on('connect', () => s.write(LINE));
    s.on('data', (d) => {
      for (const b of d)
        if (b === 10) {
          replies += 1;
          if (stop) s.destroy();
          else s.write(LINE);
        }
    });
    s.on('close', () => done());
  }).then(() => (stop ? undefined : lineLoop()));
}

function connectLoop() {
  return new Promise((done) => {
    const s = connect({ port: Number(port), host: '127.0.0.1', localAddress: source });
    opened += 1;
    s.on('error', () => undefined);
    s.on('connect', () => s.end());
    s.on('close', () => done());
  }).then(() => (stop ? undefined : connectLoop()));
}

const before = statSync(log).size;
const t0 = performance.now();
const loops = Array.from({ length: Number(connections) }, () => (mode === 'connects' ? connectLoop() : lineLoop()));
await sleep(Number(seconds) * 1000);
const grown = statSync(log).size - before;
const elapsed = (performance.now() - t0) / 1000;
stop = true;
server.kill('SIGTERM');
await Promise.race([Promise.all(loops), sleep(10_000)]);
const perSecond = grown / elapsed;
console.log(
  `${app} ${mode} x${connections}: ${(grown / 1e6).toFixed(1)} MB of log in ${elapsed.toFixed(1)} s ` +
    `(${replies} replies, ${opened} connections) = ${((perSecond * 3600) / 1e9).toFixed(2)} GB an hour`,
);
process.exit(0);

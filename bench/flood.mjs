// One hostile client machine, for measuring what it does to a server's log and
// to the other clients (docs/logs.md, "What one machine can make the log
// write"; test/class-of-30.e2e-spec.ts runs it inside a network namespace).
//
//   node bench/flood.mjs HOST:PORT[,HOST:PORT...] LINES CONNECTS
//
// LINES connections each send a 65,535-byte line of U+0001 (the longest a
// shipped server accepts), wait for its reply, send the next, and connect
// again when the server ends the session. CONNECTS loops connect and close at
// once, as fast as they can. Both are spread over the targets in turn. It
// runs until SIGTERM or SIGINT, then prints one JSON line of what it did.
import { connect } from 'node:net';

const [targetsArg, linesArg = '100', connectsArg = '0'] = process.argv.slice(2);
const targets = (targetsArg ?? '').split(',').map((t) => {
  const at = t.lastIndexOf(':');
  return { host: t.slice(0, at), port: Number(t.slice(at + 1)) };
});
if (targets.length === 0 || targets.some((t) => !t.host || !(t.port > 0))) {
  console.error('usage: node bench/flood.mjs HOST:PORT[,HOST:PORT...] LINES CONNECTS');
  process.exit(2);
}

const LINE = Buffer.concat([Buffer.alloc(65535, 1), Buffer.from('\n')]);
let stop = false;
const done = { replies: 0, refused: 0, opened: 0 };

function lineLoop(target) {
  return new Promise((resolve) => {
    const s = connect(target);
    done.opened += 1;
    s.on('error', () => undefined);
    s.on('connect', () => s.write(LINE));
    let text = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        if (text.startsWith('ERROR')) done.refused += 1;
        else done.replies += 1;
        text = text.slice(nl + 1);
        if (stop) s.destroy();
        else s.write(LINE);
      }
    });
    s.on('close', () => resolve());
  }).then(() => (stop ? undefined : new Promise((r) => setTimeout(r, 10)).then(() => lineLoop(target))));
}

function connectLoop(target) {
  return new Promise((resolve) => {
    const s = connect(target);
    done.opened += 1;
    s.on('error', () => undefined);
    s.on('connect', () => s.end());
    s.on('close', () => resolve());
  }).then(() => (stop ? undefined : connectLoop(target)));
}

const loops = [
  ...Array.from({ length: Number(linesArg) }, (_, i) => lineLoop(targets[i % targets.length])),
  ...Array.from({ length: Number(connectsArg) }, (_, i) => connectLoop(targets[i % targets.length])),
];
const t0 = performance.now();
const end = () => {
  stop = true;
  console.log(JSON.stringify({ ...done, seconds: (performance.now() - t0) / 1000 }));
  process.exit(0);
};
process.on('SIGTERM', end);
process.on('SIGINT', end);
void Promise.all(loops);

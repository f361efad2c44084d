import 'reflect-metadata';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { loadStudent, runMain, studentSignature } from '@app/common';
import { BoardModule } from './board.module.js';
import { classData } from './class-data.js';
import { parseClassOptions, ROUND_SERVERS } from './class-options.js';
import { buildClassReport } from './class-report.js';
import { renderHtml, renderMarkdown, writeReportFiles } from '@app/report';
import { ClassSession, roundsFor } from './class-session.js';
import { classTexts } from './class-texts.js';

/** Letters and digits no one mishears or misreads (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const sessionCode = (): string => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace(/:/g, '-');

/** A port that was free a moment ago: `--port 0` picks one for every round. */
const freePort = (host: string): Promise<number> =>
  new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/**
 * The machine's addresses students can reach: every non-internal one of the
 * families the session listens on (0.0.0.0 is IPv4 only; `--host ::` adds
 * IPv6), IPv4 first. `--host` naming one address: that one.
 */
function addresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host.includes(':') ? `[${host}]` : host];
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') out.push(a.address);
      // Link-local IPv6 (fe80::) needs a zone id no student would type: left out.
      else if (host === '::' && !a.address.startsWith('fe80:')) out.push(`[${a.address}]`);
    }
  return out.sort((a, b) => Number(a.startsWith('[')) - Number(b.startsWith('[')));
}

runMain('class', async () => {
  const options = parseClassOptions(process.argv.slice(2));
  const t = classTexts(options.lang);
  if (options.help) {
    process.stdout.write(t.options.usage + '\n');
    return;
  }
  const say = (line: string) => process.stdout.write(line + '\n');
  const student = loadStudent(options.student);
  const variant = student.variant;
  const keys = roundsFor(options, variant);
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const dist = resolve(dirname(process.argv[1]), '..');
  const dir = resolve(options.outDir, `class-${stamp(new Date())}`);
  const code = sessionCode();
  const key = randomBytes(12).toString('hex');
  const session = new ClassSession(
    options,
    keys,
    dir,
    code,
    port,
    dist,
    student.isExample ? undefined : studentSignature(student),
  );

  let ending: Promise<void> | undefined;
  const buildReport = (name?: string) =>
    buildClassReport(classData(session), {
      lang: options.lang,
      port,
      delayMs: options.delayMs,
      session: basename(dir),
      when: new Date(),
      student: name,
      course: student.course,
    });

  const hosts = addresses(options.host);
  const shownHost = hosts[0] ?? '127.0.0.1';
  let board: INestApplication | undefined;
  let boardPort = options.boardPort;
  const commands = () => {
    const url = `http://${shownHost}:${boardPort}`;
    const flags = `--host ${shownHost.replace(/^\[|\]$/g, '')} --port ${port} --board ${url} --code ${code}`;
    return [`node dist/apps/client/main.js ${flags}`, `python3 clients/python/client.py ${flags}`];
  };
  try {
    board = await NestFactory.create(
      BoardModule.forRoot({
        session,
        lang: options.lang,
        key,
        get commands() {
          return commands();
        },
        requestEnd: () => void finish(),
        buildReport,
      }),
      { bodyParser: false, logger: ['error', 'warn'] },
    );
    await board.listen(options.boardPort, options.host);
    boardPort = (board.getHttpServer().address() as { port: number }).port;
  } catch (error) {
    // The board is a view: the rounds and the console go on without it.
    process.stderr.write(t.console.boardFailed((error as Error).message) + '\n');
    board = undefined;
  }

  say(t.console.title);
  say(t.console.folder(dir));
  if (options.rounds === undefined)
    say(variant === undefined ? t.console.noVariant : t.console.variantUsed(variant, ROUND_SERVERS[keys[1]], student.file ?? ''));
  say('');
  say(t.console.code(code));
  say(t.console.ownerKey(key));
  if (board) {
    say(t.console.board);
    for (const h of [...new Set(['127.0.0.1', ...hosts])]) say(`  http://${h}:${boardPort}/`);
  }
  if (hosts.length === 0) say(t.console.noAddress);
  say(t.console.firewall);
  for (const p of [port, boardPort]) say(`  sudo firewall-cmd --zone=public --add-port=${p}/tcp --permanent`);
  say('  sudo firewall-cmd --reload');
  say(t.console.students);
  for (const c of commands()) say(`  ${c}`);
  say('');

  const shown = new Map<number, string>();
  session.onChange = () => {
    for (const r of session.rounds) {
      if (shown.get(r.index) === r.status) continue;
      shown.set(r.index, r.status);
      if (r.status === 'running')
        say(t.console.roundStarted(r.index, session.rounds.length, r.app, port) + ' ' + t.console.nextHint);
      if (r.status === 'failed') say(t.console.roundFailed(r.index, r.app, r.error ?? ''));
      if (r.status === 'done') say(t.console.roundStopped(r.index, r.app));
    }
    if (session.phase === 'after' && !shown.has(0)) {
      shown.set(0, 'after');
      say(t.console.allDone);
    }
  };

  async function finish(): Promise<void> {
    ending ??= (async () => {
      say(t.console.ending);
      await session.end();
      try {
        await writeReportFiles(dir, buildReport(), { markdown: renderMarkdown, html: renderHtml });
        say(t.console.reportWritten(dir));
      } catch (error) {
        process.stderr.write(t.console.reportFailed((error as Error).message) + '\n');
      }
      await board?.close().catch(() => undefined);
      process.exit(0);
    })();
    return ending;
  }

  process.on('SIGINT', () => void finish());
  process.on('SIGTERM', () => void finish());
  process.on('SIGHUP', () => void finish());
  // Enter moves to the next round; a stdin that ends (no terminal) changes nothing.
  createInterface({ input: process.stdin }).on('line', () => void session.next());

  await session.next();
});

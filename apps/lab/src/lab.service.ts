import { Inject, Injectable } from '@nestjs/common';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { messages } from '@app/common';
import {
  analyseRun,
  conclusions,
  renderHtml,
  renderMarkdown,
  renderSummary,
  type ReportInput,
  type RunAnalysis,
} from '@app/report';
import type { Identity } from './lab-identity.js';
import { CLIENT_KINDS, SERVER_KINDS } from './lab-kinds.js';
import type { LabOptions } from './lab-options.js';
import { LabProgress } from './lab-progress.js';
import { LabRunner } from './lab-runner.js';

export const LAB_OPTIONS = Symbol('LAB_OPTIONS');
export const LAB_IDENTITY = Symbol('LAB_IDENTITY');

export interface LabResult {
  dir: string;
  markdown: string;
  html: string;
  runs: RunAnalysis[];
}

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
};

/** The source files of the client that ran, for the report's appendix (paths from the project root). */
export function clientSources(root: string, client: LabOptions['client']): ReportInput['appendix'] {
  const kind = CLIENT_KINDS[client];
  const dir = join(root, kind.sources.dir);
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => kind.sources.match.test(f))
        .sort()
    : [];
  // The entry point first: it is where a reader starts.
  names.sort((a, b) => Number(b.startsWith('main.')) - Number(a.startsWith('main.')));
  return {
    language: kind.language,
    files: names.map((f) => ({ name: `${kind.sources.dir}/${f}`, text: readFileSync(join(dir, f), 'utf8') })),
    missing: names.length === 0 ? [kind.sources.dir] : [],
  };
}

/** The lab demo: each server in turn, N real clients each, then the report from the logs. */
@Injectable()
export class LabService {
  constructor(
    @Inject(LAB_OPTIONS) private readonly options: LabOptions,
    @Inject(LAB_IDENTITY) private readonly identity: Identity,
  ) {}

  async run(): Promise<LabResult> {
    const o = this.options;
    const t = messages(o.lang);
    const say = (line: string) => process.stdout.write(line + '\n');
    const runner = new LabRunner(o, this.identity, new LabProgress(t));
    const keys = o.remote ? (['remote'] as const) : o.servers;
    runner.checkPrograms(keys);
    const now = new Date();
    const dir = resolve(o.outDir, stamp(now));
    mkdirSync(dir, { recursive: true });
    say(
      o.remote
        ? t.lab.remoteHeader(o.clients, `${o.remote.host}:${o.remote.port}`, o.staggerMs)
        : t.lab.header(
            o.clients,
            o.delayMs,
            o.mode,
            o.staggerMs,
            o.servers.map((k) => SERVER_KINDS[k].app),
          ),
    );
    if (this.identity.message.isExample) say(t.lab.example(t.lab.exampleMessage));
    if (!o.remote && o.servers.some((k) => this.identity.signatures[k].isExample)) say(t.lab.example(t.lab.exampleSignature));
    say(t.lab.reportDir(dir));

    const runs: RunAnalysis[] = [];
    for (const key of keys) runs.push(analyseRun(await runner.run(key, dir)));

    const input: ReportInput = {
      runs,
      options: o,
      identity: this.identity,
      t,
      when: now.toLocaleString(o.lang === 'ru' ? 'ru-RU' : 'en-GB'),
      machine: { hostname: hostname(), cpus: cpus().length, node: process.version },
      appendix: clientSources(runner.projectRoot, o.client),
      findings: conclusions(runs, {
        mode: o.mode,
        cpus: cpus().length,
        units: { 'server-cluster': o.workers, 'server-threads': o.threads },
        clientLanguage: CLIENT_KINDS[o.client].language,
      }),
    };
    const markdown = join(dir, 'report.md');
    const html = join(dir, 'report.html');
    writeFileSync(markdown, renderMarkdown(input));
    writeFileSync(html, renderHtml(input));
    say('\n' + renderSummary(runs, t) + '\n');
    say(t.lab.reportMd(markdown));
    say(t.lab.reportHtml(html));
    return { dir, markdown, html, runs };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { resolve } from 'node:path';
import { messages } from '@app/common';
import {
  analyseRun,
  buildLabReport,
  conclusions,
  renderHtml,
  renderMarkdown,
  writeReportFiles,
  type ReportInput,
  type RunAnalysis,
} from '@app/report';
import { clientSources } from './client-sources.js';
import type { Identity } from './lab-identity.js';
import { CLIENT_KINDS, SERVER_KINDS } from './lab-kinds.js';
import { identityLines } from './lab-identity.js';
import type { LabOptions } from './lab-options.js';
import { LabProgress } from './lab-progress.js';
import { renderSummary } from './lab-summary.js';
import { LabRunner } from './lab-runner.js';

export const LAB_OPTIONS = Symbol('LAB_OPTIONS');
export const LAB_IDENTITY = Symbol('LAB_IDENTITY');

export interface LabResult {
  dir: string;
  markdown: string;
  html: string;
  docx: string;
  runs: RunAnalysis[];
}

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
};

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
    for (const line of identityLines(this.identity, o)) say(line);
    say(t.lab.reportDir(dir));

    const runs: RunAnalysis[] = [];
    for (const key of keys) runs.push(analyseRun(await runner.run(key, dir)));

    const input: ReportInput = {
      runs,
      options: o,
      identity: this.identity,
      when: now.toLocaleString(o.lang === 'ru' ? 'ru-RU' : 'en-GB'),
      machine: { hostname: hostname(), cpus: cpus().length, node: process.version },
      appendix: clientSources(runner.projectRoot, o.client, o.lang),
      findings: conclusions(runs, {
        mode: o.mode,
        cpus: cpus().length,
        units: { 'server-cluster': o.workers, 'server-threads': o.threads },
        clientLanguage: CLIENT_KINDS[o.client].language,
      }),
    };
    const doc = buildLabReport(input);
    const { markdown, html, docx } = await writeReportFiles(dir, doc, { markdown: renderMarkdown, html: renderHtml });
    say('\n' + renderSummary(runs, t, o.lang) + '\n');
    say(t.lab.reportMd(markdown));
    say(t.lab.reportHtml(html));
    say(t.lab.reportDocx(docx));
    return { dir, markdown, html, docx, runs };
  }
}

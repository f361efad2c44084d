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
  type LabFacts,
  type ReportInput,
  type RunAnalysis,
} from '@app/report';
import { clientSources } from './client-sources.js';
import type { Identity } from './lab-identity.js';
import { CLIENT_KINDS, SERVER_KINDS } from './lab-kinds.js';
import { identityLines } from './lab-identity.js';
import type { LabOptions } from './lab-options.js';
import { LabProgress } from './lab-progress.js';
import { sessionPlan } from './lab-limits.js';
import { renderSummary } from './lab-summary.js';
import { LabRunner } from './lab-runner.js';
import { labStopTexts } from './lab-stop.texts.js';

export const LAB_OPTIONS = Symbol('LAB_OPTIONS');
export const LAB_IDENTITY = Symbol('LAB_IDENTITY');

export interface LabResult {
  dir: string;
  markdown: string;
  html: string;
  docx: string;
  runs: RunAnalysis[];
  /** The run was cut short by a signal; the report says so. */
  partial: boolean;
  /** Children that did not start or had to be killed (the report's notes say which). */
  problems: number;
}

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
};

/** The lab demo: each server in turn, N real clients each, then the report from the logs. */
@Injectable()
export class LabService {
  private runner?: LabRunner;
  private interruptedBy?: string;

  constructor(
    @Inject(LAB_OPTIONS) private readonly options: LabOptions,
    @Inject(LAB_IDENTITY) private readonly identity: Identity,
  ) {}

  /**
   * A signal to the lab: every child is asked to stop gracefully (through its
   * stdin), the run in progress ends with what it has, and the report written
   * says it is partial.
   */
  interrupt(signal: string): void {
    this.interruptedBy ??= signal;
    this.runner?.interrupt(signal);
  }

  async run(): Promise<LabResult> {
    const o = this.options;
    const t = messages(o.lang);
    const say = (line: string) => process.stdout.write(line + '\n');
    const runner = (this.runner = new LabRunner(o, this.identity, new LabProgress(t)));
    if (this.interruptedBy) runner.interrupt(this.interruptedBy);
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
    runner.findPython(say);

    const runs: RunAnalysis[] = [];
    for (const key of keys) {
      if (runner.interrupted) break;
      const files = await runner.run(key, dir);
      if (files.clientLogs.length > 0) runs.push(analyseRun(files));
    }
    const lab = labFacts(o, runner);
    const findings = conclusions(runs, {
      mode: o.mode,
      cpus: cpus().length,
      units: { 'server-cluster': o.workers, 'server-threads': o.threads },
      clientLanguage: CLIENT_KINDS[o.client].language,
    });

    const input: ReportInput = {
      runs,
      options: o,
      identity: this.identity,
      when: now,
      machine: { hostname: hostname(), cpus: cpus().length, node: process.version },
      appendix: clientSources(runner.projectRoot, o.client, o.lang),
      // Client and server in different languages is claimed only when a client ran and the server's language is known.
      findings: languagesKnown(o, runs) ? findings : findings.filter((f) => f.kind !== 'languages'),
      lab,
    };
    const doc = buildLabReport(input);
    const { markdown, html, docx } = await writeReportFiles(dir, doc, { markdown: renderMarkdown, html: renderHtml });
    say('\n' + renderSummary(runs, t, o.lang) + '\n');
    say(t.lab.reportMd(markdown));
    say(t.lab.reportHtml(html));
    say(t.lab.reportDocx(docx));
    return { dir, markdown, html, docx, runs, partial: lab.partial, problems: runner.problems.length };
  }
}

/** What the lab adds to the report about its own run: partial or not, clients that did not start, Python, the server's language. */
export function labFacts(o: LabOptions, runner: Pick<LabRunner, 'interrupted' | 'problems' | 'python'>): LabFacts {
  const t = labStopTexts(o.lang);
  const notes: string[] = [];
  if (runner.interrupted) notes.push(t.partialNote(runner.interrupted));
  notes.push(...runner.problems);
  const settings: Array<[string, string]> = [];
  const python = runner.python;
  if (python?.ok) settings.push([t.pythonSetting, t.pythonUsed(python.command.shown, python.version)]);
  if (!o.remote) {
    const plans = o.servers.map((key) => ({ app: SERVER_KINDS[key].app, ...sessionPlan(o, key) })).filter((p) => p.max_ms > 0);
    if (plans.length)
      settings.push([t.sessionSetting, plans.map((p) => t.sessionPlan(p.app, p.max_ms, p.lastLingerMs)).join('; ')]);
  }
  if (o.remote && o.serverLang) settings.push([t.serverLangSetting, o.serverLang]);
  return { partial: runner.interrupted !== undefined, notes, settings };
}

/**
 * The sentence on the client's and server's languages is said only when a
 * client ran (a log with a line); in remote mode it says the server's
 * language is unknown, so not when the student gave it (`--server-lang`, in
 * the settings table then).
 */
function languagesKnown(o: LabOptions, runs: RunAnalysis[]): boolean {
  const clientRan = runs.some((run) => run.clients.some((c) => c.local !== ''));
  return clientRan && !(o.remote && o.serverLang !== undefined);
}

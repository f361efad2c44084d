import { Inject, Injectable } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LabOptions } from './lab-options.js';
import { LabProgress } from './lab-progress.js';
import { LabRunner } from './lab-runner.js';
import { analyseRun, type RunAnalysis } from './run-analysis.js';
import { renderHtml, renderMarkdown, renderSummary } from './report/report-writer.js';

export const LAB_OPTIONS = Symbol('LAB_OPTIONS');

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

/** The lab demo: each server in turn, N real clients each, then the report from the logs. */
@Injectable()
export class LabService {
  constructor(@Inject(LAB_OPTIONS) private readonly options: LabOptions) {}

  async run(): Promise<LabResult> {
    const o = this.options;
    const now = new Date();
    const dir = resolve(o.outDir, stamp(now));
    mkdirSync(dir, { recursive: true });
    const runner = new LabRunner(o, new LabProgress());
    const kinds = o.remote ? (['remote'] as const) : o.servers;
    const say = (ru: string, en: string) => process.stdout.write((o.lang === 'ru' ? ru : en) + '\n');
    say(
      `Лабораторная: ${o.clients} клиентов, задержка ${o.delayMs} мс (${o.mode}), запуск через ${o.staggerMs} мс; отчёт: ${dir}`,
      `Lab demo: ${o.clients} clients, delay ${o.delayMs} ms (${o.mode}), launched ${o.staggerMs} ms apart; report: ${dir}`,
    );
    const runs: RunAnalysis[] = [];
    for (const kind of kinds) runs.push(analyseRun(await runner.run(kind, dir)));

    const when = now.toLocaleString(o.lang === 'ru' ? 'ru-RU' : 'en-GB');
    const markdown = join(dir, 'report.md');
    const html = join(dir, 'report.html');
    writeFileSync(markdown, renderMarkdown(runs, o, when));
    writeFileSync(html, renderHtml(runs, o, when));
    process.stdout.write('\n' + renderSummary(runs, o.lang) + '\n\n');
    say(`Отчёт (Markdown): ${markdown}`, `Report (Markdown): ${markdown}`);
    say(`Отчёт (HTML):     ${html}`, `Report (HTML):     ${html}`);
    return { dir, markdown, html, runs };
  }
}

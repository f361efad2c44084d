import type { Catalogue, Lang, WorkMode } from '@app/common';
import type { ClientTimeline, RunAnalysis } from './run-analysis.js';
import { describe, type Finding } from './conclusions.js';
import { renderTimeline, segments } from './svg-timeline.js';

/** The servers a lab run can start, by their short name. */
export type ServerKey = 'sync' | 'cluster' | 'threads';

/** The settings of the lab run the report describes (what the lab was asked to do). */
export interface ReportOptions {
  clients: number;
  delayMs: number;
  mode: WorkMode;
  staggerMs: number;
  servers: ServerKey[];
  workers: number;
  threads: number;
  /** Clients drove a server on another machine; no server was started. */
  remote?: { host: string; port: number };
  lang: Lang;
  sendAfterMs: number;
  lingerMs: number;
}

/** One piece of the student's identity and where it came from. */
export interface Sourced {
  text: string;
  /** `--message`, `config/client.ini`, or undefined for the built-in example. */
  source?: string;
  isExample: boolean;
}

/** Who the report is for: the client's message and each server's signature. */
export interface ReportIdentity {
  message: Sourced;
  signatures: Record<ServerKey, Sourced>;
}

/** Everything a report is made of; the renderers below are pure functions of it. */
export interface ReportInput {
  runs: RunAnalysis[];
  options: ReportOptions;
  identity: ReportIdentity;
  findings: Finding[];
  t: Catalogue;
  /** Local date and time of the run, already formatted. */
  when: string;
  machine: { hostname: string; cpus: number; node: string };
  /** The code of the client that ran, paths from the project root. */
  appendix: { language: 'TypeScript' | 'Python'; files: Array<{ name: string; text: string }>; missing: string[] };
  /** What the lab says about its own run, in the report's language (plain text). */
  lab?: LabFacts;
}

/**
 * The lab's own facts about the run: `notes` come first, as call-outs (the
 * run was cut short and the report is partial; a client that did not start,
 * and why); `settings` are more rows of the settings table (the Python the
 * client ran with; the server's language as the student gave it).
 */
export interface LabFacts {
  partial: boolean;
  notes: string[];
  settings: Array<[string, string]>;
}

const sec = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A Markdown code fence longer than any run of backticks inside (a message may hold ```). */
const fence = (text: string, lang: string): string[] => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return [bar + lang, text.trimEnd(), bar];
};
/** A Markdown table cell: no pipe or line break can break the row. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function row(c: ClientTimeline, t: Catalogue['report']): string[] {
  return [
    `${c.index}${c.ok ? '' : ` (${t.failed})`}`,
    sec(c.connected),
    sec(c.waitMs),
    sec(c.sent),
    sec(c.received),
    sec(c.responseMs),
    sec(c.disconnected),
    c.worker ?? '—',
  ];
}

const isRemote = (input: ReportInput) => input.options.remote !== undefined;
const title = (input: ReportInput) => {
  const { options, t } = input;
  return options.remote ? t.report.remoteTitle(`${options.remote.host}:${options.remote.port}`) : t.report.title;
};

/** The settings this run used; remote mode lists only what the lab itself set and measured. */
function settingsRows(input: ReportInput): Array<[string, string]> {
  const { options: o, t, machine } = input;
  const r = t.report;
  const rows: Array<[string, string]> = [[r.clients, String(o.clients)]];
  if (o.remote) {
    rows.push([r.target, `${o.remote.host}:${o.remote.port}`]);
  } else {
    rows.push([r.delay, t.units.ms(o.delayMs)], [r.mode, o.mode]);
    if (o.servers.includes('cluster')) rows.push([r.workers, String(o.workers)]);
    if (o.servers.includes('threads')) rows.push([r.threadsCount, String(o.threads)]);
  }
  rows.push([r.stagger, t.units.ms(o.staggerMs)], [r.sendAfter, t.units.ms(o.sendAfterMs)], [r.linger, t.units.ms(o.lingerMs)]);
  rows.push([r.clientLanguage, r.language[input.appendix.language]]);
  if (!o.remote) rows.push([r.serverLanguage, r.language.TypeScript]);
  rows.push(...(input.lab?.settings ?? []));
  rows.push([r.cpus, String(machine.cpus)]);
  return rows;
}

/** Where each server listened and where its clients connected (the assignment's "connection settings"). */
function connectionRows(input: ReportInput): Array<[string, string, string]> {
  return input.runs.map((run) => {
    const listen = run.serverStart ? `${run.serverStart.host}:${run.serverStart.port}` : '—';
    return [run.kind === 'remote' ? run.target : run.kind, listen, run.target];
  });
}

function identityRows(input: ReportInput): Array<[string, string]> {
  const r = input.t.report;
  const show = (s: Sourced) => `${s.text}${s.isExample ? ` ${r.exampleItem}` : s.source ? ` (${r.messageFrom(s.source)})` : ''}`;
  const rows: Array<[string, string]> = [[r.message, show(input.identity.message)]];
  if (!isRemote(input)) {
    const shown = new Set<string>();
    for (const key of input.options.servers) {
      const sig = input.identity.signatures[key];
      const text = show(sig);
      if (shown.has(text)) continue;
      shown.add(text);
      rows.push([
        input.options.servers.length > 1 && new Set(input.options.servers.map((k) => input.identity.signatures[k].text)).size > 1
          ? `${r.signature}, server-${key}`
          : r.signature,
        text,
      ]);
    }
  }
  return rows;
}

const usesExample = (input: ReportInput) =>
  input.identity.message.isExample ||
  (!isRemote(input) && input.options.servers.some((k) => input.identity.signatures[k].isExample));

/** The client log the report calls out as "the test log": the first client that got its reply. */
function testLog(input: ReportInput): { name: string; text: string } | undefined {
  for (const run of input.runs) {
    const c = run.clients.find((x) => x.ok) ?? run.clients[0];
    const name = c && run.files.logs.find((f) => f.name.endsWith(`/client-${c.index}.log`));
    if (name) return name;
  }
  return undefined;
}

/** Mermaid task names: ':' ends a name and ';' or '#' confuse the parser. */
const mermaidName = (s: string) => s.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();

/** Markdown for the written lab report. */
export function renderMarkdown(input: ReportInput): string {
  const { runs, t, machine } = input;
  const r = t.report;
  const md: string[] = [];
  md.push(
    `# ${title(input)}`,
    '',
    `${r.generated(input.when)}. ${r.machine}: ${machine.hostname}, ${machine.cpus} CPU, Node ${machine.node}.`,
    '',
  );
  for (const note of input.lab?.notes ?? []) md.push(`> **${cell(note)}**`, '');
  md.push(`## ${r.identity}`, '', '| | |', '|---|---|');
  for (const [k, v] of identityRows(input)) md.push(`| ${cell(k)} | ${cell(v)} |`);
  md.push('');
  if (usesExample(input)) md.push(`> ${r.exampleNote}`, '');
  md.push(`## ${r.settings}`, '', '| | |', '|---|---|');
  for (const [k, v] of settingsRows(input)) md.push(`| ${cell(k)} | ${cell(v)} |`);
  md.push('', `## ${r.connection}`, '', r.connectionNote, '', `| | ${r.listen} | ${r.clientsConnect} |`, '|---|---|---|');
  for (const [k, a, b] of connectionRows(input)) md.push(`| ${k} | ${a} | ${b} |`);
  md.push('');
  for (const run of runs) {
    const name = run.kind === 'remote' ? `${r.serverName.remote} ${run.target}` : r.serverName[run.kind];
    md.push(`## ${name}`, '');
    if (!run.hasServerLog) md.push(`> ${r.remoteNote(run.target)}`, '');
    // Absolute times (dateFormat x) with a clock-time axis: a relative "%S.%L"
    // axis wraps to 0 after 60 s; the clock never does, and matches the logs.
    md.push(
      `### ${r.timeline}`,
      '',
      `${r.mermaidAxis}.`,
      '',
      '```mermaid',
      'gantt',
      '  dateFormat x',
      '  axisFormat %H:%M:%S',
      '  todayMarker off',
      `  title ${mermaidName(name)}`,
    );
    for (const c of run.clients) {
      md.push(`  section ${r.client} ${c.index}`);
      for (const seg of segments(c, run.hasServerLog)) {
        md.push(`  ${mermaidName(r.phases[seg.phase])} :${Math.round(run.t0 + seg.from)}, ${Math.round(run.t0 + seg.to)}`);
      }
    }
    md.push('```', '', `### ${r.table}`, '');
    md.push(`| ${r.columns.join(' | ')} |`, `|${r.columns.map(() => '---').join('|')}|`);
    for (const c of run.clients) md.push(`| ${row(c, r).map(cell).join(' | ')} |`);
    md.push('', `**${r.total}: ${sec(run.totalMs)} ${t.units.seconds}**`, '');
  }
  md.push(`## ${r.comparison}`, '');
  for (const p of describe(input.findings, r)) md.push(p, '');
  const test = testLog(input);
  if (test) md.push(`## ${r.testLog}`, '', r.testLogNote(test.name), '', ...fence(test.text, 'text'), '');
  md.push(`## ${r.settingsFiles}`, '');
  for (const run of runs) for (const f of run.files.configs) md.push(`\`${f.name}\``, '', ...fence(f.text, 'ini'), '');
  md.push(`## ${r.logs}`, '');
  for (const run of runs) for (const f of run.files.logs) md.push(`\`${f.name}\``, '', ...fence(f.text, 'text'), '');
  md.push(`## ${r.appendix}`, '', r.appendixNote(input.appendix.language, input.appendix.files.length), '');
  for (const m of input.appendix.missing) md.push(`> ${r.sourceMissing(m)}`, '');
  for (const f of input.appendix.files)
    md.push(`\`${f.name}\``, '', ...fence(f.text, f.name.endsWith('.py') ? 'python' : 'typescript'), '');
  return md.join('\n');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1040px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}table.kv td{text-align:left}.failed{color:#c00}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.file pre{max-height:24em;overflow:auto}.file-name{font-family:monospace;margin:.8em 0 .2em}
.note{background:#fff8e1;border-left:4px solid #f4a261;padding:.5em .8em}.total{font-weight:600}
.timeline-block{break-inside:avoid;page-break-inside:avoid}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:10.5pt}
  h2{break-before:auto;break-after:avoid;page-break-after:avoid}h3,.file-name{break-after:avoid;page-break-after:avoid}
  tr{break-inside:avoid}
  .file pre{max-height:none;overflow:visible;font-size:7.5pt;line-height:1.3}
  pre{background:none;border:1px solid #bbb}
  svg.timeline{width:100%;height:auto}
  .note{border:1px solid #f4a261}
}`;

/** One self-contained page (no network): the same content with drawn timelines; prints on A4 with every file shown. */
export function renderHtml(input: ReportInput): string {
  const { runs, t, machine, options } = input;
  const r = t.report;
  // One time scale for every server, so the timelines compare at a glance.
  const scale = Math.max(...runs.map((x) => x.totalMs));
  const kv = (rows: Array<[string, string]>) =>
    `<table class="kv">${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`;
  const file = (name: string, text: string) =>
    `<div class="file"><p class="file-name">${esc(name)}</p><pre>${esc(text)}</pre></div>`;
  const h: string[] = [];
  h.push(
    `<!doctype html><html lang="${options.lang satisfies Lang}"><head><meta charset="utf-8"><title>${esc(title(input))}</title>`,
  );
  h.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  h.push(`<style>${STYLE}</style></head><body>`);
  h.push(
    `<h1>${esc(title(input))}</h1><p>${esc(r.generated(input.when))}. ${esc(r.machine)}: ${esc(machine.hostname)}, ${machine.cpus} CPU, Node ${esc(machine.node)}.</p>`,
  );
  for (const note of input.lab?.notes ?? []) h.push(`<p class="note"><strong>${esc(note)}</strong></p>`);
  h.push(`<h2>${esc(r.identity)}</h2>`, kv(identityRows(input)));
  if (usesExample(input)) h.push(`<p class="note example">${esc(r.exampleNote)}</p>`);
  h.push(`<h2>${esc(r.settings)}</h2>`, kv(settingsRows(input)));
  h.push(
    `<h2>${esc(r.connection)}</h2><p>${esc(r.connectionNote)}</p><table><tr><th></th><th>${esc(r.listen)}</th><th>${esc(r.clientsConnect)}</th></tr>`,
  );
  for (const cells of connectionRows(input)) h.push(`<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  h.push('</table>');
  for (const run of runs) {
    const name = run.kind === 'remote' ? `${r.serverName.remote} ${run.target}` : r.serverName[run.kind];
    h.push(`<section class="run" data-server="${esc(run.kind)}"><h2>${esc(name)}</h2>`);
    if (!run.hasServerLog) h.push(`<p class="note">${esc(r.remoteNote(run.target))}</p>`);
    h.push(`<div class="timeline-block"><h3>${esc(r.timeline)}</h3>`, renderTimeline(run, r, scale), '</div>');
    h.push(`<h3>${esc(r.table)}</h3><table><tr>${r.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`);
    for (const c of run.clients)
      h.push(
        `<tr${c.ok ? '' : ' class="failed"'}>${row(c, r)
          .map((v) => `<td>${esc(v)}</td>`)
          .join('')}</tr>`,
      );
    h.push(`</table><p class="total">${esc(r.total)}: ${sec(run.totalMs)} ${esc(t.units.seconds)}</p></section>`);
  }
  h.push(`<h2>${esc(r.comparison)}</h2>`);
  for (const p of describe(input.findings, r)) h.push(`<p>${esc(p)}</p>`);
  const test = testLog(input);
  if (test) h.push(`<h2>${esc(r.testLog)}</h2><p>${esc(r.testLogNote(test.name))}</p>`, file(test.name, test.text));
  h.push(`<h2>${esc(r.settingsFiles)}</h2>`);
  for (const run of runs) for (const f of run.files.configs) h.push(file(f.name, f.text));
  h.push(`<h2>${esc(r.logs)}</h2>`);
  for (const run of runs) for (const f of run.files.logs) h.push(file(f.name, f.text));
  h.push(`<h2>${esc(r.appendix)}</h2><p>${esc(r.appendixNote(input.appendix.language, input.appendix.files.length))}</p>`);
  for (const m of input.appendix.missing) h.push(`<p class="note">${esc(r.sourceMissing(m))}</p>`);
  for (const f of input.appendix.files) h.push(`<div class="file source">${file(f.name, f.text)}</div>`);
  h.push('</body></html>');
  return h.join('\n');
}

/** The terminal summary: one row per server. */
export function renderSummary(runs: RunAnalysis[], t: Catalogue): string {
  const head = t.lab.summaryHead;
  const rows = runs.map((run) => {
    const replies = run.clients.map((c) => c.received).filter((x): x is number => x !== undefined);
    const responses = run.clients.map((c) => c.responseMs).filter((x): x is number => x !== undefined);
    return [
      run.kind === 'remote' ? run.target : run.kind,
      String(run.clients.length),
      String(run.clients.filter((c) => c.ok).length),
      sec(run.totalMs),
      sec(replies.length ? Math.min(...replies) : undefined),
      sec(replies.length ? Math.max(...replies) : undefined),
      sec(responses.length ? Math.max(...responses) : undefined),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

import { hostname, cpus } from 'node:os';
import type { LabOptions } from '../lab-options.js';
import type { ClientTimeline, RunAnalysis } from '../run-analysis.js';
import { explain } from './explain.js';
import { PHASE_COLORS, renderTimeline, segments } from './svg-timeline.js';
import { TEXTS, type Texts } from './texts.js';

const sec = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function row(c: ClientTimeline, t: Texts): string[] {
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

function settingsRows(options: LabOptions, t: Texts): Array<[string, string]> {
  return [
    [t.clients, String(options.clients)],
    [t.delay, `${options.delayMs} ms`],
    [t.mode, options.mode],
    [t.stagger, `${options.staggerMs} ms`],
    [t.workers, String(options.workers)],
    [t.sendAfter, `${options.sendAfterMs} ms`],
    [t.linger, `${options.lingerMs} ms`],
  ];
}

/** Markdown for the written lab report: settings, a Mermaid gantt per server, tables, conclusions, INI files, logs. */
export function renderMarkdown(runs: RunAnalysis[], options: LabOptions, when: string): string {
  const t = TEXTS[options.lang];
  const md: string[] = [];
  md.push(`# ${t.title}`, '', `${t.generated}, ${when}. ${t.machine}: ${hostname()}, ${cpus().length} CPU, Node ${process.version}.`, '');
  md.push(`## ${t.settings}`, '', '| | |', '|---|---|');
  for (const [k, v] of settingsRows(options, t)) md.push(`| ${k} | ${v} |`);
  md.push('');
  for (const run of runs) {
    md.push(`## ${t.serverName[run.kind]}`, '');
    if (!run.hasServerLog) md.push(`> ${t.remoteNote(run.target)}`, '');
    md.push(`### ${t.timeline}`, '', '```mermaid', 'gantt', `  dateFormat x`, `  axisFormat %S.%L`, `  title ${t.serverName[run.kind]}`);
    for (const c of run.clients) {
      md.push(`  section ${t.client} ${c.index}`);
      for (const seg of segments(c, run.hasServerLog)) {
        md.push(`  ${t.phases[seg.phase].replace(/[:,]/g, ' ')} :${Math.round(seg.from)}, ${Math.round(seg.to)}`);
      }
    }
    md.push('```', '', `### ${t.table}`, '');
    md.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    for (const c of run.clients) md.push(`| ${row(c, t).join(' | ')} |`);
    md.push('', `**${t.total}: ${sec(run.totalMs)} ${t.seconds}**`, '');
  }
  md.push(`## ${t.comparison}`, '');
  for (const p of explain(runs, options)) md.push(p, '');
  md.push(`## ${t.settingsFiles}`, '');
  for (const run of runs) for (const f of run.files.configs) md.push(`\`${run.kind}/config/${f.name}\``, '', '```ini', f.text.trimEnd(), '```', '');
  md.push(`## ${t.logs}`, '');
  for (const run of runs) for (const f of run.files.logs) md.push(`\`${run.kind}/logs/${f.name}\``, '', '```text', f.text.trimEnd(), '```', '');
  return md.join('\n');
}

/** One self-contained page (no network): the same content with drawn timelines. */
export function renderHtml(runs: RunAnalysis[], options: LabOptions, when: string): string {
  const t = TEXTS[options.lang];
  // One time scale for every server, so the timelines compare at a glance.
  const scale = Math.max(...runs.map((r) => r.totalMs));
  const h: string[] = [];
  h.push(`<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><title>${esc(t.title)}</title>`);
  h.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  h.push(`<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1040px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}.failed{color:#c00}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;overflow-x:auto;font-size:12px}
.note{background:#fff8e1;border-left:4px solid #f4a261;padding:.5em .8em}.total{font-weight:600}
details{margin:.4em 0}summary{cursor:pointer;font-family:monospace}
</style></head><body>`);
  h.push(`<h1>${esc(t.title)}</h1><p>${esc(t.generated)}, ${esc(when)}. ${esc(t.machine)}: ${esc(hostname())}, ${cpus().length} CPU, Node ${esc(process.version)}.</p>`);
  h.push(`<h2>${esc(t.settings)}</h2><table>`);
  for (const [k, v] of settingsRows(options, t)) h.push(`<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`);
  h.push('</table>');
  for (const run of runs) {
    h.push(`<section class="run" data-server="${esc(run.kind)}"><h2>${esc(t.serverName[run.kind])}</h2>`);
    if (!run.hasServerLog) h.push(`<p class="note">${esc(t.remoteNote(run.target))}</p>`);
    h.push(`<h3>${esc(t.timeline)}</h3>`, renderTimeline(run, t, scale));
    h.push(`<h3>${esc(t.table)}</h3><table><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`);
    for (const c of run.clients) h.push(`<tr${c.ok ? '' : ' class="failed"'}>${row(c, t).map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`);
    h.push(`</table><p class="total">${esc(t.total)}: ${sec(run.totalMs)} ${esc(t.seconds)}</p></section>`);
  }
  h.push(`<h2>${esc(t.comparison)}</h2>`);
  for (const p of explain(runs, options)) h.push(`<p>${esc(p)}</p>`);
  h.push(`<h2>${esc(t.settingsFiles)}</h2>`);
  for (const run of runs) for (const f of run.files.configs) h.push(`<details><summary>${esc(`${run.kind}/config/${f.name}`)}</summary><pre>${esc(f.text)}</pre></details>`);
  h.push(`<h2>${esc(t.logs)}</h2>`);
  for (const run of runs) for (const f of run.files.logs) h.push(`<details><summary>${esc(`${run.kind}/logs/${f.name}`)}</summary><pre>${esc(f.text)}</pre></details>`);
  h.push(`<p style="color:#777;font-size:12px">${Object.keys(PHASE_COLORS).length} phase colours; times in ${esc(t.seconds)} since the first client connected.</p>`);
  h.push('</body></html>');
  return h.join('\n');
}

/** The terminal summary: one row per server. */
export function renderSummary(runs: RunAnalysis[], lang: LabOptions['lang']): string {
  const head =
    lang === 'ru'
      ? ['сервер', 'клиентов', 'ответили', 'всего, с', '1-й ответ, с', 'последний, с', 'макс. ожидание ответа, с']
      : ['server', 'clients', 'replied', 'total, s', '1st reply, s', 'last reply, s', 'longest response, s'];
  const rows = runs.map((r) => {
    const replies = r.clients.map((c) => c.received).filter((x): x is number => x !== undefined);
    return [
      r.kind,
      String(r.clients.length),
      String(r.clients.filter((c) => c.ok).length),
      sec(r.totalMs),
      sec(replies.length ? Math.min(...replies) : undefined),
      sec(replies.length ? Math.max(...replies) : undefined),
      sec(Math.max(...r.clients.map((c) => c.responseMs ?? 0))),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

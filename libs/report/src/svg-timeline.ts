import type { Lang } from '@app/common';
import { numbers } from './format.js';
import type { ReportTexts } from './i18n/report-texts.js';
import type { ClientTimeline, RunAnalysis } from './run-analysis.js';

type Texts = ReportTexts;

const PHASE_COLORS = {
  queue: '#f4a261',
  connected: '#a8dadc',
  work: '#457b9d',
  waiting: '#8ecae6',
  reply: '#2a9d8f',
} as const;

type Phase = keyof typeof PHASE_COLORS;
interface Segment {
  phase: Phase;
  from: number;
  to: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Shorter phases are not drawn: a sliver that thin is clock jitter between two processes' logs, not a phase. */
export const MIN_SEGMENT_MS = 10;

/**
 * The phases of one client's lane; with the server's log, its waits and work
 * too, from the events that mark them: the connection queue (connected ->
 * CLIENT_CONNECTED), the wait for a free thread or process (sent ->
 * WORK_START, or -> MESSAGE_RECEIVED where work starts on reading), the work
 * (WORK_START -> WORK_DONE, else MESSAGE_RECEIVED -> MESSAGE_SENT). A wait is
 * drawn only where the analysis counted one (`queueMs`, `workerWaitMs`).
 *
 * The client's own moments come from the client's log, as in the clients'
 * table: the lane starts at its CONNECTED, the "reply received" phase at its
 * RECEIVED, and it ends at its DISCONNECTED. The server logs the same
 * connection at its own moment (CLIENT_CONNECTED, often ~10 ms earlier on one
 * machine, much later from a busy worker), so drawing it from there would
 * disagree with the table. Times from two processes' logs can disagree by a
 * few ms, so each phase starts where the one before ended and never before 0.
 */
export function segments(c: ClientTimeline, hasServerLog: boolean): Segment[] {
  const out: Segment[] = [];
  let cursor = 0;
  const push = (phase: Phase, from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined) return;
    const start = Math.max(from, cursor);
    if (to - start < MIN_SEGMENT_MS) return;
    out.push({ phase, from: start, to });
    cursor = to;
  };
  const end = c.disconnected;
  const start = c.workStart ?? c.read;
  const done = c.workDone ?? c.replied;
  if (hasServerLog && start !== undefined && done !== undefined) {
    // Served when the server took it from its queue; a client that did not wait was served as it connected.
    const queued = (c.queueMs ?? c.waitMs ?? 0) > 0;
    const served = queued ? (c.served ?? c.connected) : c.connected;
    if (queued) push('queue', c.connected, served);
    if ((c.workerWaitMs ?? 0) > 0) {
      push('connected', served, Math.max(c.sent, served));
      push('queue', Math.max(c.sent, served), start);
    } else push('connected', served, start);
    push('work', start, done);
    // The reply on its way (server sent -> client read) is a gap of a few ms, not a phase.
    push('reply', c.received ?? done, end);
  } else {
    push('connected', c.connected, c.sent);
    push('waiting', c.sent, c.received ?? end);
    push('reply', c.received, end);
  }
  return out;
}

function niceStep(totalMs: number): number {
  const steps = [
    100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
  ];
  return steps.find((s) => totalMs / s <= 12) ?? Math.ceil(totalMs / 12 / 3_600_000) * 3_600_000;
}

/** Seconds under a minute (in the reader's decimal style); m:ss past it, so a long run's axis stays readable and never wraps. */
export function axisLabel(ms: number, step: number, lang: Lang = 'en'): string {
  if (ms < 60_000 || step < 1000)
    return (ms / 1000).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB', {
      minimumFractionDigits: step < 1000 ? 1 : 0,
      maximumFractionDigits: step < 1000 ? 1 : 0,
    });
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** An inline SVG: one lane per client, phases in colour, a time axis and a legend. */
export function renderTimeline(run: RunAnalysis, t: Texts, lang: Lang, scaleMs?: number): string {
  const n = numbers(lang);
  const sec = n.seconds;
  const width = 960;
  const left = 90;
  const right = 20;
  const top = 10;
  const lane = 30;
  const plot = width - left - right;
  const total = Math.max(scaleMs ?? 0, run.totalMs, 1);
  // A time out of the run (a clock that moved) is drawn at the edge, never outside the picture.
  const x = (ms: number) => left + (Math.min(Math.max(ms, 0), total) / total) * plot;
  const lanesHeight = run.clients.length * lane;
  const axisY = top + lanesHeight + 6;
  const phases: Phase[] = run.hasServerLog ? ['queue', 'connected', 'work', 'reply'] : ['connected', 'waiting', 'reply'];
  const height = axisY + 96;
  const parts: string[] = [];
  parts.push(
    `<svg class="timeline" data-server="${esc(run.kind)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(t.timeline)}">`,
  );
  const step = niceStep(total);
  for (let ms = 0; ms <= total + 1; ms += step) {
    parts.push(`<line x1="${x(ms)}" y1="${top}" x2="${x(ms)}" y2="${axisY}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${x(ms)}" y="${axisY + 16}" font-size="11" text-anchor="middle" fill="#555">${axisLabel(ms, step, lang)}</text>`,
    );
  }
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="#333"/>`);
  parts.push(
    `<text x="${left + plot / 2}" y="${axisY + 34}" font-size="12" text-anchor="middle" fill="#333">${esc(t.axis)}</text>`,
  );
  for (const [i, c] of run.clients.entries()) {
    const y = top + i * lane;
    parts.push(`<g class="lane" data-client="${c.index}">`);
    parts.push(
      `<text x="${left - 8}" y="${y + lane / 2 + 4}" font-size="12" text-anchor="end" fill="${c.ok ? '#222' : '#c00'}">${esc(t.client)} ${c.index}</text>`,
    );
    for (const seg of segments(c, run.hasServerLog)) {
      const title = `${t.client} ${c.index}: ${t.phases[seg.phase]} ${n.range(seg.from, seg.to)} ${t.seconds}`;
      parts.push(
        `<rect class="phase phase-${seg.phase}" x="${x(seg.from).toFixed(1)}" y="${y + 5}" width="${Math.max(1, x(seg.to) - x(seg.from)).toFixed(1)}" height="${lane - 10}" fill="${PHASE_COLORS[seg.phase]}" rx="3"><title>${esc(title)}</title></rect>`,
      );
    }
    parts.push(
      `<path d="M ${x(c.sent).toFixed(1)} ${y + 3} l -4 -5 h 8 z" fill="#222"><title>${esc(`${t.marks.sent} ${sec(c.sent)} ${t.seconds}`)}</title></path>`,
    );
    if (c.received !== undefined) {
      parts.push(
        `<circle cx="${x(c.received).toFixed(1)}" cy="${y + lane - 4}" r="3" fill="#222"><title>${esc(`${t.marks.received} ${sec(c.received)} ${t.seconds}`)}</title></circle>`,
      );
    }
    parts.push('</g>');
  }
  // Legend items flow left to right and wrap; ~8 px a character is enough for
  // Cyrillic at 12 px in the usual sans-serif fonts.
  const items: Array<{ mark: string; label: string }> = [
    ...phases.map((phase) => ({
      mark: `<rect x="0" y="0" width="14" height="12" fill="${PHASE_COLORS[phase]}" rx="2"/>`,
      label: t.phases[phase],
    })),
    { mark: '<path d="M 7 10 l -4 -5 h 8 z" fill="#222"/>', label: t.marks.sent },
    { mark: '<circle cx="7" cy="6" r="3" fill="#222"/>', label: t.marks.received },
  ];
  let lx = left;
  let ly = axisY + 48;
  parts.push('<g class="legend">');
  for (const item of items) {
    const w = 26 + item.label.length * 8;
    if (lx + w > width - right) {
      lx = left;
      ly += 20;
    }
    parts.push(
      `<g transform="translate(${lx} ${ly})">${item.mark}<text x="20" y="10" font-size="12" fill="#333">${esc(item.label)}</text></g>`,
    );
    lx += w;
  }
  parts.push('</g></svg>');
  return parts.join('\n');
}

import type { RoundData } from './class-data.js';

/** A matched client's own times, already on the server's clock. */
export interface ClientTicks {
  peer: string;
  sent: number[];
  received: number[];
}

export interface TimelineWords {
  queued: string;
  served: string;
  work: string;
  clientSent: string;
  clientReceived: string;
  seconds: string;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');

/**
 * One round as an SVG on the server's clock: a lane per connection (queued,
 * being served, the work of each request), and the client's own send and
 * receive marks where its log was uploaded and matched. Self-contained (no
 * fonts or styles from outside); every text escaped.
 */
export function roundSvg(r: RoundData, ticks: ClientTicks[], w: TimelineWords): string {
  const c = r.connections;
  const t0 = Math.min(...c.map((x) => x.arrived), ...ticks.flatMap((k) => k.sent));
  const end = Math.max(
    ...c.map((x) => x.disconnected ?? x.requests.at(-1)?.sent ?? x.arrived),
    ...ticks.flatMap((k) => k.received),
  );
  const span = Math.max(1, end - t0);
  const left = 260;
  const width = 960;
  const plot = width - left - 20;
  const lane = 26;
  const top = 30;
  const height = top + c.length * lane + 50;
  const x = (ms: number) => (left + ((ms - t0) / span) * plot).toFixed(1);
  const wd = (a: number, b: number) => Math.max(1, ((b - a) / span) * plot).toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" data-round="${r.round.index}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  for (let s = 0; s <= span / 1000; s += Math.max(1, Math.ceil(span / 1000 / 10))) {
    const px = x(t0 + s * 1000);
    parts.push(`<line x1="${px}" y1="${top - 6}" x2="${px}" y2="${top + c.length * lane}" stroke="#ddd"/>`);
    parts.push(`<text x="${px}" y="${top - 10}" text-anchor="middle" fill="#555">${s} ${esc(w.seconds)}</text>`);
  }
  c.forEach((conn, i) => {
    const y = top + i * lane;
    const stop = conn.disconnected ?? end;
    parts.push(`<g class="lane">`);
    parts.push(`<text x="4" y="${y + 16}" fill="#222">${esc((conn.peer + ' ' + (conn.message ?? '')).slice(0, 40))}</text>`);
    const served = conn.served ?? conn.arrived;
    if (conn.queued && conn.served !== undefined && served > conn.arrived)
      parts.push(
        `<rect class="phase-queue" x="${x(conn.arrived)}" y="${y + 6}" width="${wd(conn.arrived, served)}" height="14" fill="#f4c542"/>`,
      );
    parts.push(
      `<rect class="phase-served" x="${x(served)}" y="${y + 9}" width="${wd(served, stop)}" height="8" fill="#9cc3e6"/>`,
    );
    for (const q of conn.requests)
      parts.push(
        `<rect class="phase-work" x="${x(q.received)}" y="${y + 5}" width="${wd(q.received, q.sent ?? stop)}" height="16" fill="#2b6cb0"/>`,
      );
    const tk = ticks.find((k) => k.peer === conn.peer);
    for (const s of tk?.sent ?? []) parts.push(`<circle class="tick-sent" cx="${x(s)}" cy="${y + 13}" r="4" fill="#2f855a"/>`);
    for (const s of tk?.received ?? [])
      parts.push(`<circle class="tick-received" cx="${x(s)}" cy="${y + 13}" r="4" fill="#c53030"/>`);
    parts.push(`</g>`);
  });
  const ly = top + c.length * lane + 25;
  const legend: Array<[string, string]> = [
    ['#f4c542', w.queued],
    ['#9cc3e6', w.served],
    ['#2b6cb0', w.work],
    ['#2f855a', w.clientSent],
    ['#c53030', w.clientReceived],
  ];
  parts.push(`<g class="legend">`);
  legend.forEach(([color, label], i) => {
    const lx = 10 + i * 190;
    parts.push(
      `<rect x="${lx}" y="${ly - 10}" width="14" height="12" fill="${color}"/><text x="${lx + 20}" y="${ly}">${esc(label)}</text>`,
    );
  });
  parts.push(`</g></svg>`);
  return parts.join('\n');
}

/**
 * The same round as a Mermaid gantt (Markdown viewers draw it); names reduced
 * to safe characters. On the server's clock, as the picture: a round lasts
 * minutes, and an axis of seconds since its start (`%S`) would wrap to 0
 * every minute, so the axis is the time of day, as in the logs and the lab's charts.
 */
export function roundMermaid(r: RoundData): string {
  const c = r.connections;
  const safe = (s: string) => s.replace(/[^\p{L}\p{N} .-]/gu, ' ').trim() || '?';
  const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
  c.forEach((conn, i) => {
    lines.push(`  section ${safe(conn.peer.replace(/[:[\]]/g, ' '))}`);
    const end = conn.disconnected ?? conn.requests.at(-1)?.sent ?? conn.arrived + 1;
    lines.push(`  ${safe(conn.message ?? String(i + 1))} : c${i}, ${conn.arrived}, ${Math.max(end, conn.arrived + 1)}`);
  });
  return lines.join('\n');
}

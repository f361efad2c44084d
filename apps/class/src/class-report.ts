/**
 * The class session's joint report as a `ReportDocument`: the same blocks the
 * lab's report is made of, so the same renderers give Markdown, HTML and Word.
 * Everything in it is read from the session folder (the rounds' server logs
 * and configs, the uploads); every client event is placed on the server's
 * clock with the offset estimated for its machine (one-clock.ts).
 */
import type { Lang } from '@app/common';
import { dateTime, threadExitBlocks, type Block, type ReportDocument, type TitlePage } from '@app/report';
import type { ClassData, RoundData, UploadData } from './class-data.js';
import { classTexts } from './class-texts.js';
import { onServerClock } from './one-clock.js';
import { roundSvg, roundMermaid } from './round-timeline.js';

/**
 * An uploaded file longer than this is shown in the report by its beginning
 * (a 1 MiB attachment is hundreds of printed pages); the whole file stays in
 * the session folder.
 */
export const LISTING_MAX = { lines: 400, chars: 64 * 1024 } as const;

export function listingText(text: string): { text: string; cut: boolean } {
  let cut = text.length > LISTING_MAX.chars;
  let out = cut ? text.slice(0, LISTING_MAX.chars) : text;
  const lines = out.split('\n');
  if (lines.length > LISTING_MAX.lines) {
    out = lines.slice(0, LISTING_MAX.lines).join('\n') + '\n';
    cut = true;
  }
  return { text: out, cut };
}

/** Above this offset a machine's clock is called out (docs/class.md). */
export const CLOCK_WARN_MS = 1000;

export interface ReportContext {
  lang: Lang;
  port: number;
  delayMs: number;
  /** The session folder's name: `class-2026-12-07T10-00-00` (UTC). */
  session: string;
  /** When this report was made: printed in the report's language, the month in words. */
  when: Date;
  /** The student whose title page this copy has (a name from the participants), if any. */
  student?: string;
  /** The course fields of the session owner's student file: the same for the whole class. */
  course?: Pick<TitlePage, 'university' | 'department' | 'discipline' | 'teacher' | 'city' | 'year'>;
}

/** "Иванов Иван Иванович ИВТ-21" → name and group: the last word is the group when it holds a digit. */
export function splitNameGroup(message: string): { name: string; group?: string } {
  const words = message.trim().split(/\s+/);
  const last = words.at(-1) ?? '';
  if (words.length > 1 && /\d/.test(last)) return { name: words.slice(0, -1).join(' '), group: last };
  return { name: message.trim() };
}

const roundStats = (r: RoundData) => {
  const c = r.connections;
  const replyTimes = c.filter((x) => x.requests[0]?.sent !== undefined).map((x) => x.requests[0].sent! - x.arrived);
  const first = Math.min(...c.map((x) => x.arrived));
  const last = Math.max(...c.map((x) => x.disconnected ?? x.requests.at(-1)?.sent ?? x.arrived));
  return {
    connections: c.length,
    answered: replyTimes.length,
    meanMs: replyTimes.length ? replyTimes.reduce((a, b) => a + b, 0) / replyTimes.length : undefined,
    maxMs: replyTimes.length ? Math.max(...replyTimes) : undefined,
    spanMs: c.length ? last - first : undefined,
  };
};

export function buildClassReport(data: ClassData, ctx: ReportContext): ReportDocument {
  const t = classTexts(ctx.lang).report;
  const sec = (n: number | undefined) => (n === undefined ? '—' : t.seconds(n));
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', level: 1, text: t.title });
  blocks.push({ kind: 'paragraph', text: t.intro });

  blocks.push({ kind: 'heading', level: 2, text: t.settings });
  blocks.push({
    kind: 'table',
    rows: [
      [t.made, dateTime(ctx.when, ctx.lang)],
      [t.sessionFolder, ctx.session],
      [t.port, String(ctx.port)],
      [t.rounds, data.rounds.map((r) => r.round.app).join(', ') || '—'],
      [t.delay, sec(ctx.delayMs)],
      [t.uploads, String(data.uploads.length)],
      [t.participants, data.participants.join('; ') || '—'],
      ...data.uploads.filter((u) => u.upload.server).map((u) => [t.clientServer(u.upload.file), u.upload.server]),
    ],
  });

  blocks.push({ kind: 'heading', level: 2, text: t.conditionTitle });
  blocks.push({ kind: 'paragraph', text: t.conditionExplained });
  blocks.push({
    kind: 'list',
    items: data.rounds.map((r) =>
      r.condition.met
        ? t.conditionMet(r.round.index, r.round.app, r.condition.first ?? '', r.condition.arrivedWhileWaiting)
        : t.conditionNotMet(r.round.index, r.round.app, r.connections.length),
    ),
  });

  blocks.push({ kind: 'heading', level: 2, text: t.differences });
  const stats = data.rounds.map((r) => ({ r, s: roundStats(r) }));
  blocks.push({
    kind: 'table',
    head: t.differencesHead,
    numeric: [2, 3, 4, 5, 6],
    rows: stats.map(({ r, s }) => [
      String(r.round.index),
      r.round.app,
      String(s.connections),
      String(s.answered),
      sec(s.meanMs),
      sec(s.maxMs),
      sec(s.spanMs),
    ]),
  });
  const timed = stats.filter((x) => x.s.meanMs !== undefined);
  if (timed.length >= 2) {
    const [a, b] = [timed[0], timed[timed.length - 1]];
    blocks.push({ kind: 'paragraph', text: t.differenceSentence(a.r.round.app, a.s.meanMs!, b.r.round.app, b.s.meanMs!) });
  } else blocks.push({ kind: 'paragraph', text: t.notEnoughRounds });

  blocks.push({ kind: 'heading', level: 2, text: t.clocks });
  blocks.push({ kind: 'paragraph', text: t.clocksExplained });
  const kit = data.uploads.filter((u) => u.upload.kind === 'kit');
  blocks.push({
    kind: 'table',
    head: t.clocksHead,
    numeric: [2, 3, 4],
    rows: kit.map((u) => [
      `uploads/${u.upload.file}`,
      u.machine ?? '—',
      `${u.placed.length}/${u.connections.length}`,
      u.offset ? t.signedSeconds(u.offset.offsetMs) : '—',
      u.offset ? '± ' + t.seconds(u.offset.boundMs) : '—',
    ]),
  });
  for (const u of kit) {
    // Only what the times prove: an offset within its own bound may be 0.
    if (u.offset && Math.abs(u.offset.appliedMs) > CLOCK_WARN_MS)
      blocks.push({ kind: 'note', text: t.clockWarning(u.machine ?? u.upload.file, u.offset.appliedMs) });
    if (u.placed.length === 0) blocks.push({ kind: 'note', text: t.unmatched(`uploads/${u.upload.file}`) });
  }

  for (const r of data.rounds) {
    blocks.push({ kind: 'heading', level: 2, text: t.roundTitle(r.round.index, r.round.app) });
    if (r.round.error) blocks.push({ kind: 'note', text: t.roundFailed(r.round.error) });
    const placed = data.uploads.flatMap((u) => u.placed.filter((p) => p.round === r.round.index).map((p) => ({ p, u })));
    blocks.push({
      kind: 'table',
      head: t.connectionsHead,
      numeric: [2, 3, 4],
      rows: connectionRows(r, placed, sec),
    });
    if (r.connections.length > 0) {
      const ticks = placed.flatMap(({ p, u }) =>
        u.offset
          ? [
              {
                peer: p.server.peer,
                sent: p.client.requests.map((q) => onServerClock(q.sent, u.offset!)),
                received: p.client.requests.flatMap((q) =>
                  q.received === undefined ? [] : [onServerClock(q.received, u.offset!)],
                ),
              },
            ]
          : [],
      );
      blocks.push({
        kind: 'timeline',
        caption: t.timelineCaption(r.round.index, r.round.app),
        svg: roundSvg(r, ticks, classTexts(ctx.lang).timeline),
        mermaid: roundMermaid(r),
        image: `timeline-round-${r.round.index}.png`,
      });
    }
    blocks.push({ kind: 'listing', name: `${r.round.name}/server.ini`, text: r.configText, language: 'ini' });
    blocks.push({ kind: 'listing', name: `${r.round.name}/server.log`, text: r.logText, language: 'text' });
    blocks.push(...threadExitBlocks(r.threadExits, ctx.lang));
  }

  blocks.push({ kind: 'heading', level: 2, text: t.clientLogs });
  if (data.uploads.length === 0) blocks.push({ kind: 'paragraph', text: t.noUploads });
  for (const u of data.uploads) {
    blocks.push({
      kind: 'paragraph',
      text: t.uploadLine(u.upload.file, u.upload.shownName, u.upload.client, u.upload.kind, u.upload.from),
    });
    const shown = listingText(u.text);
    blocks.push({ kind: 'listing', name: `uploads/${u.upload.file}`, text: shown.text, language: 'text' });
    if (shown.cut) blocks.push({ kind: 'note', text: t.listingCut(`uploads/${u.upload.file}`, u.upload.bytes) });
  }

  const who = ctx.student ? splitNameGroup(ctx.student) : undefined;
  const titlePage: TitlePage = { ...ctx.course, work: t.work, subtitle: t.subtitle, student: who?.name, group: who?.group };
  return { lang: ctx.lang, title: t.title, titlePage, blocks };
}

function connectionRows(
  r: RoundData,
  placed: Array<{ p: { server: { peer: string } }; u: UploadData }>,
  sec: (n: number | undefined) => string,
): string[][] {
  const t0 = Math.min(...r.connections.map((c) => c.arrived));
  return r.connections.map((c) => {
    const from = placed.find((x) => x.p.server === c)?.u.upload.file;
    const reply = c.requests[0]?.sent;
    return [
      c.peer,
      c.message ?? '—',
      sec(c.arrived - t0),
      sec(c.served !== undefined && c.queued ? c.served - c.arrived : 0),
      sec(reply === undefined ? undefined : reply - c.arrived),
      c.reason ?? '—',
      from ? `uploads/${from}` : '—',
    ];
  });
}

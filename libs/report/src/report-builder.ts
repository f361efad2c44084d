import type { Lang, WorkMode } from '@app/common';
import { describe, type Finding } from './conclusions.js';
import { dateTime, numbers } from './format.js';
import { reportTexts, type ReportTexts } from './i18n/report-texts.js';
import type { Block, ReportDocument, TitlePage } from './report-document.js';
import type { ClientTimeline, ClockProblem, RunAnalysis, RunFile } from './run-analysis.js';
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

/** The title page's fields of the student file (`[course]`); a field not given is left as a line to fill in. */
export type CourseFields = Partial<
  Record<'university' | 'department' | 'discipline' | 'teacher' | 'city' | 'year', string | number>
>;

/**
 * Who the report is for: the client's message and each server's signature;
 * the student as their file gives them (the title page), and the variant,
 * which names the concurrent server that is theirs (odd: multi-process,
 * even: multi-threaded).
 */
export interface ReportIdentity {
  message: Sourced;
  signatures: Record<ServerKey, Sourced>;
  student?: { name: string; group: string; course: CourseFields; isExample?: boolean };
  variant?: { number: number; server: 'cluster' | 'threads' };
}

/**
 * The lab's own facts about its run, in the report's language (plain text):
 * `notes` come first, as call-outs (the run was cut short and the report is
 * partial; a client that did not start, and why); `settings` are more rows of
 * the settings table (the Python the client ran with; the server's language
 * as the student gave it).
 */
export interface LabFacts {
  partial: boolean;
  notes: string[];
  settings: Array<[string, string]>;
}

/** Everything the lab's report is made of; `buildLabReport` is a pure function of it. */
export interface ReportInput {
  runs: RunAnalysis[];
  options: ReportOptions;
  identity: ReportIdentity;
  findings: Finding[];
  /** When the run began; the report writes it in its language (`dateTime`). */
  when: Date;
  machine: { hostname: string; cpus: number; node: string };
  /** The code of the client that ran, paths from the project root. */
  appendix: {
    language: 'TypeScript' | 'Python';
    files: RunFile[];
    missing: string[];
    /** Where each name the client imports from the project's library lives and what it is, shown after the files. */
    library?: RunFile;
  };
  /** Title page fields to set over those built from `identity.student` and its variant. */
  titlePage?: Partial<TitlePage>;
  /** What the lab says about its own run. */
  lab?: LabFacts;
}

/** How a section of a report is written: its language, and the time scale shared by the timelines compared. */
export interface SectionOptions {
  lang: Lang;
  /** Draw every timeline on this many ms, so the runs compare by eye. */
  scaleMs?: number;
}

const serverTitle = (run: RunAnalysis, t: ReportTexts) =>
  run.kind === 'remote' ? `${t.serverName.remote} ${run.target}` : t.serverName[run.kind];

/** Mermaid task names: ':' ends a name and ';' or '#' confuse the parser. */
const mermaidName = (s: string) => s.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();

/** The timeline as a Mermaid gantt, on the clock's axis (a relative "%S.%L" axis wraps to 0 after 60 s; the clock never does). */
function mermaidTimeline(run: RunAnalysis, t: ReportTexts): string {
  // A Mermaid comment: the axis note travels with the chart, and HTML (which draws its own axis) does not show it.
  const lines = [
    `%% ${t.mermaidAxis}`,
    'gantt',
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    '  todayMarker off',
    `  title ${mermaidName(serverTitle(run, t))}`,
  ];
  for (const c of run.clients) {
    lines.push(`  section ${mermaidName(t.client)} ${c.index}`);
    for (const seg of segments(c, run.hasServerLog))
      lines.push(`  ${mermaidName(t.phases[seg.phase])} :${Math.round(run.t0 + seg.from)}, ${Math.round(run.t0 + seg.to)}`);
  }
  return lines.join('\n');
}

/** The file name of a run's timeline picture, beside the report. */
const timelineImage = (run: RunAnalysis) => `timeline-${run.kind === 'remote' ? 'remote' : run.kind}.png`;

function clientRow(c: ClientTimeline, t: ReportTexts, lang: Lang): string[] {
  const sec = numbers(lang).seconds;
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

/**
 * Whether the 2nd, 3rd… client connected while the 1st still had no reply:
 * the assignment's own condition. "The 1st" is the client that connected
 * first (`first`): on a loaded machine a client started later can connect
 * sooner than client 1.
 */
export type Condition =
  | { kind: 'single' }
  | { kind: 'no-reply'; first: number; others: Array<[number, number]> }
  | {
      kind: 'met' | 'partly' | 'not-met';
      first: number;
      firstReplyMs: number;
      before: Array<[number, number]>;
      after: Array<[number, number]>;
    };

function conditionOf(run: RunAnalysis): Condition {
  const first = run.clients.reduce<ClientTimeline | undefined>(
    (a, c) => (a === undefined || c.connected < a.connected ? c : a),
    undefined,
  );
  const others = run.clients.filter((c) => c !== first).map((c): [number, number] => [c.index, c.connected]);
  if (!first || others.length === 0) return { kind: 'single' };
  if (first.received === undefined) return { kind: 'no-reply', first: first.index, others };
  const reply = first.received;
  const before = others.filter(([, at]) => at < reply);
  const after = others.filter(([, at]) => at >= reply);
  const kind = after.length === 0 ? 'met' : before.length === 0 ? 'not-met' : 'partly';
  return { kind, first: first.index, firstReplyMs: reply, before, after };
}

function conditionText(run: RunAnalysis, t: ReportTexts): string {
  const c = conditionOf(run);
  const list = (items: Array<[number, number]>) => items.map(([k, at]) => t.condition.item(k, at)).join(', ');
  if (c.kind === 'single') return t.condition.single;
  const order = c.first === 1 ? '' : t.condition.firstNotOne(c.first) + ' ';
  switch (c.kind) {
    case 'no-reply':
      return order + t.condition.noReply(c.first, list(c.others), c.others.length);
    case 'met':
      return order + t.condition.met(c.first, c.firstReplyMs, list(c.before), c.before.length);
    case 'partly':
      return order + t.condition.partly(c.first, c.firstReplyMs, list(c.before), list(c.after), c.before.length);
    case 'not-met':
      return order + t.condition.notMet(c.first, c.firstReplyMs, list(c.after), c.after.length);
  }
}

function clockText(problems: ClockProblem[], t: ReportTexts): string {
  const details = problems.slice(0, 3).map((p) => {
    switch (p.kind) {
      case 'backwards':
        return t.clock.backwards(p.file, p.fromTime, p.toTime);
      case 'reply-before-work':
        return t.clock.replyBeforeWork(p.client);
      case 'work-time':
        return t.clock.workTime(p.client, p.loggedMs, p.measuredMs);
      case 'work-too-long':
        return t.clock.workTooLong(p.client, p.delayMs, p.measuredMs);
      case 'over-capacity':
        return t.clock.overCapacity(p.inFlight, p.capacity);
    }
  });
  return t.clock.note(details.join('; ') + (problems.length > 3 ? '; …' : ''));
}

/** A run's timeline: its heading and the picture (SVG for HTML, PNG and Mermaid for Markdown and Word). */
function timelineBlocks(run: RunAnalysis, o: SectionOptions): Block[] {
  const t = reportTexts(o.lang);
  return [
    { kind: 'heading', level: 3, text: t.timeline },
    {
      kind: 'timeline',
      caption: t.timelineCaption(serverTitle(run, t)),
      svg: renderTimeline(run, t, o.lang, o.scaleMs),
      mermaid: mermaidTimeline(run, t),
      image: timelineImage(run),
    },
  ];
}

/** A run's per-client times (connected, waited, sent, reply, response, disconnected, who served it) and its total. */
function clientsTableBlocks(run: RunAnalysis, o: SectionOptions): Block[] {
  const t = reportTexts(o.lang);
  const blocks: Block[] = [
    { kind: 'heading', level: 3, text: t.table },
    {
      kind: 'table',
      head: [...t.columns],
      rows: run.clients.map((c) => clientRow(c, t, o.lang)),
      numeric: [1, 2, 3, 4, 5, 6],
      failed: run.clients.flatMap((c, i) => (c.ok ? [] : [i])),
    },
    { kind: 'paragraph', text: t.total(run.totalMs), strong: true },
  ];
  if (run.hasServerLog) blocks.push({ kind: 'paragraph', text: t.waitNote }, { kind: 'paragraph', text: t.sourcesNote });
  return blocks;
}

/** The assignment's condition, with its times; nothing when the run's clock moved (its note says why). */
function conditionBlocks(run: RunAnalysis, o: SectionOptions): Block[] {
  const t = reportTexts(o.lang);
  if (run.clock.length > 0) return [];
  return [
    { kind: 'heading', level: 3, text: t.condition.heading },
    { kind: 'paragraph', text: conditionText(run, t) },
  ];
}

/** What the server's log says about sessions it ended itself and about its threads' exits. */
function serverEventsBlocks(run: RunAnalysis, o: SectionOptions): Block[] {
  if (!run.hasServerLog) return [];
  const t = reportTexts(o.lang);
  const blocks: Block[] = [];
  const serverLog = run.files.logs[0]?.name ?? '';
  if (run.sessionEnds.length > 0)
    blocks.push(
      { kind: 'paragraph', text: t.sessionEnd.quoted(run.sessionEnds.length) },
      { kind: 'listing', name: serverLog, text: run.sessionEnds[0].line, language: 'text' },
    );
  else blocks.push({ kind: 'paragraph', text: t.sessionEnd.none });
  return [...blocks, ...threadExitBlocks(run.threadExits, o.lang)];
}

/**
 * What a server-threads log's THREAD_EXIT lines mean: those with
 * `reason=server-shutdown` are the pool stopped with the server, not an
 * error; any other is a thread that died at work. The lab's report and the
 * class report both say it with these words.
 */
export function threadExitBlocks(exits: ReadonlyArray<{ reason?: string }>, lang: Lang): Block[] {
  const t = reportTexts(lang);
  const shutdown = exits.filter((x) => x.reason === 'server-shutdown').length;
  const failed = exits.length - shutdown;
  const blocks: Block[] = [];
  if (shutdown > 0) blocks.push({ kind: 'paragraph', text: t.threadsShutdown(shutdown) });
  if (failed > 0) blocks.push({ kind: 'note', text: t.threadsFailed(failed) });
  return blocks;
}

/**
 * One server run's section: its heading, what is known of the server, the
 * clock's state, the timeline, the table of clients, the total, the
 * assignment's condition and the sessions the server ended itself. Each part
 * is exported on its own, for a report that arranges them differently.
 */
export function runSection(run: RunAnalysis, o: SectionOptions): Block[] {
  const t = reportTexts(o.lang);
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: serverTitle(run, t) }];
  if (!run.hasServerLog) blocks.push({ kind: 'note', text: t.remoteNote(run.target) });
  if (run.clock.length > 0) blocks.push({ kind: 'note', text: clockText(run.clock, t) });
  if (run.unreadable > 0) blocks.push({ kind: 'note', text: t.unreadable(run.unreadable) });
  return [
    ...blocks,
    ...timelineBlocks(run, o),
    ...clientsTableBlocks(run, o),
    ...conditionBlocks(run, o),
    ...serverEventsBlocks(run, o),
  ];
}

/** "Comparison and conclusions": the findings in words. */
function comparisonSection(findings: Finding[], lang: Lang): Block[] {
  const t = reportTexts(lang);
  return [
    { kind: 'heading', level: 2, text: t.comparison },
    ...describe(findings, t).map((text): Block => ({ kind: 'paragraph', text })),
  ];
}

/** An INI's settings by `[section] key` (a line with no `=` is its own key), blank lines and comments left out. */
function settings(text: string): Map<string, { section: string; line: string }> {
  const out = new Map<string, { section: string; line: string }>();
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    if (/^\[.*\]$/.test(line)) {
      section = line;
      continue;
    }
    const eq = line.indexOf('=');
    out.set(`${section}\u0000${eq < 0 ? line : line.slice(0, eq).trim()}`, { section, line });
  }
  return out;
}

/**
 * The lines of `own` that differ from `base` (new keys and new values), each
 * under its section's header; undefined when `own` lacks a setting `base`
 * has, which "the same except" cannot say.
 */
function changedLines(own: string, base: string): string[] | undefined {
  const mine = settings(own);
  const theirs = settings(base);
  if ([...theirs.keys()].some((k) => !mine.has(k))) return undefined;
  const out: string[] = [];
  let written = '';
  for (const [key, { section, line }] of mine) {
    if (theirs.get(key)?.line === line) continue;
    if (section !== written && section !== '') out.push((written = section));
    out.push(line);
  }
  return out;
}

/**
 * The INI files, each shown once: a client config that differs from the
 * first client's only by lines it adds or changes is listed by those lines
 * (five near-identical files do not take five pages).
 */
export function configsSection(configs: RunFile[], lang: Lang): Block[] {
  const t = reportTexts(lang);
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: t.settingsFiles }];
  const isClient = (f: RunFile) => /(^|\/)client-\d+\.ini$/.test(f.name);
  const dirs = new Map<string, RunFile[]>();
  for (const f of configs) {
    const dir = f.name.replace(/[^/]*$/, '');
    dirs.set(dir, [...(dirs.get(dir) ?? []), f]);
  }
  for (const files of dirs.values()) {
    let base: RunFile | undefined;
    const same: Array<{ file: RunFile; lines: string[] }> = [];
    for (const f of files) {
      const lines = base && isClient(f) ? changedLines(f.text, base.text) : undefined;
      if (lines) {
        same.push({ file: f, lines });
        continue;
      }
      if (!base && isClient(f)) base = f;
      blocks.push({ kind: 'listing', name: f.name, text: f.text, language: 'ini' });
    }
    if (base && same.length > 0) {
      const names = same.map((g) => g.file.name.replace(/^.*\//, '')).join(', ');
      blocks.push({ kind: 'paragraph', text: t.sameConfigs(names, base.name) });
      for (const g of same) blocks.push({ kind: 'listing', name: g.file.name, text: g.lines.join('\n'), language: 'ini' });
    }
  }
  return blocks;
}

/** Every log, whole. */
function logsSection(logs: RunFile[], lang: Lang): Block[] {
  const t = reportTexts(lang);
  return [
    { kind: 'heading', level: 2, text: t.logs },
    ...logs.map((f): Block => ({ kind: 'listing', name: f.name, text: f.text, language: 'text' })),
  ];
}

const isRemote = (input: ReportInput) => input.options.remote !== undefined;

/** The settings this run used; remote mode lists only what the lab itself set and measured. */
function settingsRows(input: ReportInput, t: ReportTexts): string[][] {
  const { options: o, machine } = input;
  const rows: string[][] = [[t.clients, String(o.clients)]];
  if (o.remote) rows.push([t.target, `${o.remote.host}:${o.remote.port}`]);
  else {
    rows.push([t.delay, t.ms(o.delayMs)], [t.mode, o.mode]);
    if (o.servers.includes('cluster')) rows.push([t.workers, String(o.workers)]);
    if (o.servers.includes('threads')) rows.push([t.threadsCount, String(o.threads)]);
  }
  rows.push([t.stagger, t.ms(o.staggerMs)], [t.sendAfter, t.ms(o.sendAfterMs)], [t.linger, t.ms(o.lingerMs)]);
  rows.push([t.clientLanguage, t.language[input.appendix.language]]);
  if (!o.remote) rows.push([t.serverLanguage, t.language.TypeScript]);
  rows.push(...(input.lab?.settings ?? []));
  rows.push([t.cpus, String(machine.cpus)]);
  return rows;
}

function identityRows(input: ReportInput, t: ReportTexts): string[][] {
  const show = (s: Sourced) => `${s.text}${s.isExample ? ` ${t.exampleItem}` : s.source ? ` (${t.messageFrom(s.source)})` : ''}`;
  const rows: string[][] = [[t.message, show(input.identity.message)]];
  if (!isRemote(input)) {
    const servers = input.options.servers;
    const differ = new Set(servers.map((k) => input.identity.signatures[k].text)).size > 1;
    const shown = new Set<string>();
    for (const key of servers) {
      const text = show(input.identity.signatures[key]);
      if (shown.has(text)) continue;
      shown.add(text);
      rows.push([differ ? `${t.signature}, server-${key}` : t.signature, text]);
    }
  }
  return rows;
}

const usesExample = (input: ReportInput) =>
  input.identity.message.isExample ||
  (!isRemote(input) && input.options.servers.some((k) => input.identity.signatures[k].isExample));

/** The client log the report calls out as "the test log": the first client that got its reply. */
function testLog(runs: RunAnalysis[]): RunFile | undefined {
  for (const run of runs) {
    const c = run.clients.find((x) => x.ok) ?? run.clients[0];
    const file = c && run.files.logs.find((f) => f.name.endsWith(`/client-${c.index}.log`));
    if (file) return file;
  }
  return undefined;
}

/** The title page from the student file and the variant; what is not known stays undefined (a line to fill in). */
function titlePageOf(input: ReportInput, t: ReportTexts): TitlePage {
  const student = input.identity.student;
  const variant = input.identity.variant;
  const course = student?.course ?? {};
  const text = (v: string | number | undefined) => (v === undefined || String(v).trim() === '' ? undefined : String(v));
  return {
    work: t.titleWork,
    university: text(course.university),
    department: text(course.department),
    discipline: text(course.discipline),
    subtitle: variant ? t.variantSubtitle(variant.number, variant.server) : undefined,
    student: student && !student.isExample ? student.name : undefined,
    group: student && !student.isExample ? student.group : undefined,
    teacher: text(course.teacher),
    city: text(course.city),
    year: text(course.year),
    ...input.titlePage,
  };
}

/** The lab's whole report as a document: Markdown, HTML and Word render this. */
export function buildLabReport(input: ReportInput): ReportDocument {
  const lang = input.options.lang;
  const t = reportTexts(lang);
  const { runs, machine, options } = input;
  const variant = input.identity.variant;
  const title = options.remote
    ? t.remoteTitle(`${options.remote.host}:${options.remote.port}`)
    : variant
      ? t.variantTitle(variant.number, variant.server)
      : t.title;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'paragraph',
      text: `${t.generated(dateTime(input.when, lang))}. ${t.machine(machine.hostname, machine.cpus, machine.node)}.`,
    },
    ...(input.lab?.notes ?? []).map((text): Block => ({ kind: 'note', text })),
    { kind: 'heading', level: 2, text: t.identity },
    { kind: 'table', rows: identityRows(input, t) },
  ];
  if (usesExample(input)) blocks.push({ kind: 'note', text: t.exampleNote });
  blocks.push({ kind: 'heading', level: 2, text: t.settings }, { kind: 'table', rows: settingsRows(input, t) });
  if (!options.remote)
    blocks.push({ kind: 'paragraph', text: variant ? t.variantIs(variant.number, variant.server) : t.variantNone });
  blocks.push(
    { kind: 'heading', level: 2, text: t.connection },
    { kind: 'paragraph', text: t.connectionNote },
    {
      kind: 'table',
      head: ['', t.listen, t.clientsConnect],
      rows: runs.map((run) => [
        run.kind === 'remote' ? run.target : run.kind,
        run.serverStart ? `${run.serverStart.host}:${run.serverStart.port}` : '—',
        run.target,
      ]),
    },
  );
  // One scale for every timeline, so the servers compare by eye.
  const scaleMs = Math.max(0, ...runs.map((r) => r.totalMs));
  for (const run of runs) blocks.push(...runSection(run, { lang, scaleMs }));
  blocks.push(...comparisonSection(input.findings, lang));
  const test = testLog(runs);
  if (test)
    blocks.push(
      { kind: 'heading', level: 2, text: t.testLog },
      { kind: 'paragraph', text: t.testLogNote(test.name) },
      { kind: 'listing', name: test.name, text: test.text, language: 'text' },
    );
  blocks.push(
    ...configsSection(
      runs.flatMap((r) => r.files.configs),
      lang,
    ),
  );
  blocks.push(
    ...logsSection(
      runs.flatMap((r) => r.files.logs),
      lang,
    ),
  );
  blocks.push(
    { kind: 'heading', level: 2, text: t.appendix },
    { kind: 'paragraph', text: t.appendixNote(input.appendix.language, input.appendix.files.length) },
    ...input.appendix.missing.map((m): Block => ({ kind: 'note', text: t.sourceMissing(m) })),
    ...input.appendix.files.map((f): Block => ({
      kind: 'listing',
      name: f.name,
      text: f.text,
      language: f.name.endsWith('.py') ? 'python' : 'typescript',
    })),
    ...(input.appendix.library
      ? [{ kind: 'listing', name: input.appendix.library.name, text: input.appendix.library.text, language: 'text' } as const]
      : []),
  );
  return { lang, title, titlePage: titlePageOf(input, t), blocks };
}

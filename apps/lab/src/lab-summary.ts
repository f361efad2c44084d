import type { Catalogue } from '@app/common';
import { numbers, type RunAnalysis } from '@app/report';

/** The terminal summary printed after the runs: one row per server. */
export function renderSummary(runs: RunAnalysis[], t: Catalogue, lang: 'ru' | 'en'): string {
  const sec = numbers(lang).seconds;
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

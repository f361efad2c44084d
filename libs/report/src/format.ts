import type { Lang } from '@app/common';

const LOCALE: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' };
const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = cache.get(key);
  // 'min2': a four-digit number stays whole (2000 мс), as Russian typography writes it; 10 150 is grouped.
  const options = { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'min2' } as const;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(LOCALE[lang], options)));
  return f;
}

/**
 * Numbers as a reader of `lang` writes them, in tables and sentences alike:
 * "2,01", "2000" and "10 150,00" in Russian, "2.01", "2000" and "10,150.00"
 * in English. Never a negative time: a time below 0 is shown as "—" (the clock section of
 * the report says why).
 */
export function numbers(lang: Lang) {
  const seconds = (ms: number | undefined): string =>
    ms === undefined || !Number.isFinite(ms) || ms < 0 ? '—' : formatter(lang, 2).format(ms / 1000);
  return {
    /** Milliseconds as seconds with two decimals, no unit. */
    seconds,
    /** A ratio such as "3,1". */
    ratio: (x: number): string => formatter(lang, 1).format(x),
    /** A whole number. */
    whole: (n: number): string => formatter(lang, 0).format(n),
    /** Two times in seconds as a range, or one number when they read the same. */
    range: (fromMs: number, toMs: number): string => {
      const a = seconds(fromMs);
      const b = seconds(toMs);
      return a === b ? a : `${a}–${b}`;
    },
  };
}

export type Numbers = ReturnType<typeof numbers>;

const DATE_OPTIONS = { day: 'numeric', month: 'long', year: 'numeric' } as const;
const TIME_OPTIONS = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;

/**
 * A local date and time no reader can take the wrong way round: the month in
 * words ("6 декабря 2026 г., 23:04:19", "6 December 2026, 23:04:19"), never
 * "06/12/2026", which an American reads as June. Every date a report prints
 * comes from here.
 */
export function dateTime(when: Date, lang: Lang): string {
  const date = new Intl.DateTimeFormat(LOCALE[lang], DATE_OPTIONS).format(when);
  const time = new Intl.DateTimeFormat(LOCALE[lang], TIME_OPTIONS).format(when);
  return `${date}, ${time}`;
}

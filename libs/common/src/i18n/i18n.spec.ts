import { en } from './catalogue.en.js';
import { ru, type Catalogue } from './catalogue.ru.js';
import { resolveLang } from '../config/lang-option.js';
import { messages } from './messages.js';
import { count, pluralForm } from './plural.js';

const CLIENT = { one: 'клиент', few: 'клиента', many: 'клиентов', other: 'клиента' };

/** Every key path of a catalogue, functions and arrays as leaves. */
const paths = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? paths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('i18n', () => {
  it('should pick the Russian plural form for 1, 2, 5, 21, 11, 22 and 0', () => {
    expect([1, 2, 5, 21, 11, 22, 0].map((n) => count('ru', n, CLIENT))).toEqual([
      '1 клиент',
      '2 клиента',
      '5 клиентов',
      '21 клиент',
      '11 клиентов',
      '22 клиента',
      '0 клиентов',
    ]);
    expect(pluralForm('ru', 1.5, CLIENT)).toBe('клиента');
  });

  it('should say the lab header with the right plural for 1, 2, 5 and 21 clients', () => {
    const header = (n: number) => ru.lab.header(n, 2000, 'sleep', 300, ['server-sync']);
    expect(header(1)).toContain('1 клиент на каждый');
    expect(header(2)).toContain('2 клиента на каждый');
    expect(header(5)).toContain('5 клиентов на каждый');
    expect(header(21)).toContain('21 клиент на каждый');
    expect(header(1)).toContain('2000 мс');
    expect(en.lab.header(1, 2000, 'sleep', 300, ['server-sync'])).toContain('1 client per server');
    expect(en.lab.header(21, 2000, 'sleep', 300, ['server-sync'])).toContain('21 clients per server');
  });

  it('should take --lang over MIRROR_LAB_LANG over Russian', () => {
    expect(resolveLang([], {})).toBe('ru');
    expect(resolveLang([], { MIRROR_LAB_LANG: 'en' })).toBe('en');
    expect(resolveLang(['--lang', 'ru'], { MIRROR_LAB_LANG: 'en' })).toBe('ru');
    expect(resolveLang(['--lang=en'], {})).toBe('en');
    expect(() => resolveLang(['--lang', 'de'], {})).toThrow(/--lang "de": must be one of ru, en/);
    expect(() => resolveLang([], { MIRROR_LAB_LANG: 'fr' })).toThrow(/MIRROR_LAB_LANG="fr"/);
    expect(messages('en')).toBe(en);
    expect(messages('ru')).toBe(ru);
  });

  it('should hold the same keys in both catalogues', () => {
    expect(paths(en).sort()).toEqual(paths(ru).sort());
  });

  it('should say nothing in Cyrillic in the English catalogue', () => {
    const cyrillic = /[\u0400-\u04FF]/;
    const texts: string[] = [];
    const walk = (o: unknown): void => {
      if (typeof o === 'string') texts.push(o);
      else if (Array.isArray(o)) o.forEach(walk);
      else if (typeof o === 'function') texts.push(String(o));
      else if (o && typeof o === 'object') Object.values(o).forEach(walk);
    };
    walk(en);
    expect(texts.filter((s) => cyrillic.test(s))).toEqual([]);
  });

  it('should refuse a catalogue that lacks a translation (checked by npm run typecheck)', () => {
    const { lab, ...rest } = en;
    // @ts-expect-error -- `lab` is missing: a catalogue without a section does not type-check.
    const broken: Catalogue = rest;
    const { header, ...labRest } = lab;
    // @ts-expect-error -- `lab.header` is missing.
    const broken2: Catalogue = { ...en, lab: labRest };
    expect(header).toBeDefined();
    expect([broken, broken2].every((c) => c.units !== undefined)).toBe(true);
  });
});

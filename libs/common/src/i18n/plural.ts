import type { Lang } from './lang.js';

/**
 * The word forms of one noun: Russian needs one/few/many (1 клиент, 2 клиента,
 * 5 клиентов, 21 клиент) and other for fractions; English one/other.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<Lang, Intl.PluralRules>();

/** The form of `forms` that `n` takes in `lang`, by the CLDR rules in Intl.PluralRules. */
export function pluralForm(lang: Lang, n: number, forms: PluralForms): string {
  let rule = rules.get(lang);
  if (!rule) rules.set(lang, (rule = new Intl.PluralRules(lang)));
  return forms[rule.select(n)] ?? forms.other;
}

/** `n` and its noun: `count('ru', 21, клиент…)` → "21 клиент". */
export const count = (lang: Lang, n: number, forms: PluralForms): string => `${n} ${pluralForm(lang, n, forms)}`;

// How a reason is written for a reader: the language's locale, units and words, and the words of
// enumerated values (licence states, directions, PEN statuses), from the report strings.
import type { ReasonLocale } from '../rules/reason-template.ts';
import { factValue } from './fact-words.ts';
import { reportStrings } from './i18n.ts';
import { localeOf } from './locale-format.ts';
import type { ReportLanguage } from './report-model.ts';

const cache = new Map<ReportLanguage, ReasonLocale>();

const unknownWords: Readonly<Record<ReportLanguage, string>> = { ru: 'неизвестно', kk: 'белгісіз', en: 'unknown' };
const noneWords: Readonly<Record<ReportLanguage, string>> = { ru: 'нет', kk: 'жоқ', en: 'none' };
const kgWords: Readonly<Record<ReportLanguage, string>> = { ru: '\u00a0кг', kk: '\u00a0кг', en: '\u00a0kg' };
const pctWords: Readonly<Record<ReportLanguage, string>> = { ru: '\u00a0%', kk: '%', en: '%' };
const enumerated = new Set(['direction', 'licence_state', 'pen_status', 'licensed_activities', 'holder_status']);

export function reasonLocale(lang: ReportLanguage): ReasonLocale {
  let locale = cache.get(lang);
  if (!locale) {
    const strings = reportStrings(lang);
    locale = {
      locale: localeOf[lang],
      unknown: unknownWords[lang],
      yes: strings.yes,
      no: strings.no,
      none: noneWords[lang],
      kgSuffix: kgWords[lang],
      pctSuffix: pctWords[lang],
      date: (day) => strings.format.date(day),
      word: (fact, value) => {
        if (fact === 'holder_status') return strings.status[value];
        return enumerated.has(fact) ? factValue(fact, value, strings) : undefined;
      },
    };
    cache.set(lang, locale);
  }
  return locale;
}

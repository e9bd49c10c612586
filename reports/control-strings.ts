// The words of random controls in reports, per language (English where a language has none yet):
// the `control` lane of an alert, and the summary's comparison of random controls with targeted
// alerts. Kept apart from i18n.ts so that a report language added there needs nothing here.
import type { ReportLanguage } from './report-model.ts';

export interface ControlStrings {
  /** The lane of a green consignment picked for a random control. */
  lane: string;
  heading: string;
  note: string;
  columns: { selection: string; alerts: string; closed: string; confirmed: string; hitRate: string };
  random: string;
  targeted: string;
}

const ru: ControlStrings = {
  lane: 'случайный контроль',
  heading: 'Случайный контроль и целевые оповещения',
  note: 'Доля подтверждённых среди закрытых. Случайный контроль выбирает зелёные партии наугад: его находки показывают, что пропускают правила.',
  columns: { selection: 'Отбор', alerts: 'Партий', closed: 'Закрыто', confirmed: 'Подтверждено', hitRate: 'Доля находок' },
  random: 'случайный контроль',
  targeted: 'по правилам (жёлтый, красный)',
};

const en: ControlStrings = {
  lane: 'random control',
  heading: 'Random controls and targeted alerts',
  note: 'Hit rate = confirmed / closed. Random controls pick green consignments at random: what they find is what the rules miss.',
  columns: { selection: 'Selection', alerts: 'Consignments', closed: 'Closed', confirmed: 'Confirmed', hitRate: 'Hit rate' },
  random: 'random control',
  targeted: 'targeted (yellow, red)',
};

export function controlStrings(lang: ReportLanguage): ControlStrings {
  return lang === 'ru' ? ru : en;
}

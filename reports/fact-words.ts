// Facts in the reader's words: what a fact is called, the unit its numbers carry, and the words
// for the values of enumerated facts, so a condition reads "лицензия на вещество: отсутствует;
// правило срабатывает при: отсутствует, отозвана" instead of "licence_state ∈ [...]".
import type { ReportStrings } from './i18n.ts';
import type { ReportLanguage } from './report-model.ts';

type Unit = 'kg' | 'pct' | 'days' | 'months';
type Words = Readonly<Record<ReportLanguage, string>>;

interface FactWords {
  label: Words;
  unit?: Unit;
  /** Words of the values of an enumerated fact, by value. */
  values?: (strings: ReportStrings) => Record<string, string>;
}

const w = (ru: string, kk: string, en: string): Words => ({ ru, kk, en });

/** Facts (and `fact.property` paths) the default pack's conditions read. */
const facts: Readonly<Record<string, FactWords>> = {
  controlled: { label: w('вещество из справочника', 'анықтамалықтағы зат', 'catalogue substance') },
  direction: { label: w('направление', 'бағыты', 'direction'), values: (s) => s.direction },
  substance_table: { label: w('таблица Конвенции 1988 г.', '1988 ж. Конвенция кестесі', 'table of the 1988 Convention') },
  licensed_activities: { label: w('виды деятельности по лицензиям', 'лицензиялар бойынша қызмет түрлері', 'licensed activities'), values: (s) => s.activity },
  licence_state: {
    label: w('лицензия на вещество', 'затқа лицензия', 'licence for the substance'),
    values: (s) => ({ ...s.licenceState, wrong_activity: wrongActivity[langOf(s)] }),
  },
  'history.count': { label: w('ввозов за 12 месяцев', '12 айдағы импорт саны', 'imports in 12 months') },
  'history.count_90d': { label: w('ввозов за 90 дней', '90 күндегі импорт саны', 'imports in 90 days') },
  watchlist_hits: { label: w('совпадения со списком наблюдения', 'бақылау тізімімен сәйкестіктер', 'watch-list matches') },
  unlicensed_recipients: { label: w('получателей без лицензии', 'лицензиясыз алушылар', 'recipients without a licence') },
  unit_price_ratio: { label: w('цена к медианной цене, раз', 'бағаның медианалық бағаға қатынасы, есе', 'price to the median price, times') },
  shared_contact_revoked: { label: w('общие контакты с отозванным участником', 'кері қайтарылған қатысушымен ортақ байланыстар', 'shares contacts with a revoked holder') },
  quantity_ratio_to_mean: { label: w('количество к среднему, раз', 'санның орташаға қатынасы, есе', 'quantity to the mean, times') },
  pen_status: {
    label: w('статус PEN', 'PEN мәртебесі', 'PEN status'),
    values: (s) => ({ ...s.penStatus, 'no-objection': s.penStatus.no_objection ?? 'no objection' }),
  },
  downstream_depth: { label: w('длина цепочки передач', 'берулер тізбегінің ұзындығы', 'length of the transfer chain') },
  vague_description: { label: w('неконкретное описание товара', 'тауардың нақты емес сипаттамасы', 'vague goods description') },
  unregistered_recipients: { label: w('получателей вне реестра', 'тізілімнен тыс алушылар', 'recipients not in the register') },
  unlicensed_handled_kg: { label: w('оборот без лицензии', 'лицензиясыз айналым', 'handled without a licence'), unit: 'kg' },
  unidentified_sales_pct: { label: w('доля продаж неустановленным покупателям', 'анықталмаған сатып алушыларға сату үлесі', 'share sold to unidentified buyers'), unit: 'pct' },
  unidentified_buyer_pct: { label: w('доля, ушедшая неустановленным покупателям', 'анықталмаған сатып алушыларға кеткен үлес', 'share gone to unidentified buyers'), unit: 'pct' },
  shared_contact_holders: { label: w('участников с общими контактами', 'ортақ байланыстары бар қатысушылар', 'holders sharing contacts') },
  same_day_resales: { label: w('перепродаж в день получения', 'алған күні қайта сату саны', 'resales on the day of receipt') },
  route_mismatch: { label: w('страны маршрута расходятся', 'бағыт елдері сәйкес келмейді', 'route countries differ') },
  quota_used_pct: { label: w('использовано годовой квоты', 'жылдық квотаның пайдаланылғаны', 'annual quota used'), unit: 'pct' },
  quantity_mad_score: { label: w('отклонение от медианы импортёра', 'импорттаушы медианасынан ауытқу', 'deviation from the importer\'s median') },
  pen_present: { label: w('есть PEN', 'PEN бар', 'PEN given') },
  peer_quantity_ratio: { label: w('количество к медиане других импортёров, раз', 'санның басқа импорттаушылар медианасына қатынасы, есе', 'quantity to other importers\' median, times') },
  negative_balance_recipients: { label: w('получателей с отрицательным балансом', 'балансы теріс алушылар', 'recipients with a negative balance') },
  national_used_pct: { label: w('использовано национальной потребности', 'ұлттық қажеттіліктің пайдаланылғаны', 'national requirement used'), unit: 'pct' },
  max_balance_gap_pct: { label: w('наибольшее расхождение баланса', 'баланстың ең үлкен айырмашылығы', 'largest balance gap'), unit: 'pct' },
  licence_age_days: { label: w('срок действия лицензии до ввоза', 'импортқа дейінгі лицензия мерзімі', 'licence age at import'), unit: 'days' },
  hs_cas_mismatch: { label: w('код ТН ВЭД и номер CAS не совпадают', 'СЭҚ ТН коды мен CAS нөмірі сәйкес емес', 'HS code and CAS number differ') },
  high_risk_countries: { label: w('страны повышенного риска на маршруте', 'бағыттағы жоғары тәуекелді елдер', 'high-risk countries on the route') },
  frequency_tail_probability: { label: w('вероятность такой частоты ввоза', 'осындай импорт жиілігінің ықтималдығы', 'probability of such frequency') },
  foreign_recipients: { label: w('получателей за рубежом', 'шетелдегі алушылар', 'recipients abroad') },
  first_import_of_substance: { label: w('первый ввоз вещества', 'заттың алғашқы импорты', 'first import of the substance') },
  fastest_resale_days: { label: w('самая быстрая перепродажа', 'ең жылдам қайта сату', 'fastest resale'), unit: 'days' },
  downstream_cycle: { label: w('цепочка возвращается к участнику', 'тізбек қатысушыға қайта оралады', 'chain returns to a holder') },
  description_mismatch: { label: w('описание называет другое вещество', 'сипаттама басқа затты атайды', 'description names another substance') },
  company_age_days: { label: w('возраст компании', 'компанияның жасы', 'company age'), unit: 'days' },
  cash_sales_pct: { label: w('доля продаж за наличные', 'қолма-қол сату үлесі', 'share sold for cash'), unit: 'pct' },
  cash_kg: { label: w('продано за наличные', 'қолма-қол сатылды', 'sold for cash'), unit: 'kg' },
};

const wrongActivity: Words = w('не на этот вид деятельности', 'бұл қызмет түріне емес', 'not for this activity');

function langOf(strings: ReportStrings): ReportLanguage {
  return strings.format.lang;
}

const dayWords: Readonly<Record<ReportLanguage, string>> = { ru: 'дн.', kk: 'күн', en: 'days' };
const monthWords: Readonly<Record<ReportLanguage, string>> = { ru: 'мес.', kk: 'ай', en: 'months' };

/** What a fact (or `fact.path`) is called in the reader's language; the name itself when it has no words. */
export function factLabel(fact: string, strings: ReportStrings): string {
  return facts[fact]?.label[langOf(strings)] ?? fact;
}

/** A fact's value in words: enumerations translated, numbers in its unit, lists joined, booleans yes/no. */
export function factValue(fact: string, value: unknown, strings: ReportStrings): string {
  const entry = facts[fact];
  const lang = langOf(strings);
  const values = entry?.values?.(strings);
  const one = (item: unknown): string => {
    if (item === null || item === undefined || item === '') return strings.none;
    if (typeof item === 'boolean') return item ? strings.yes : strings.no;
    if (typeof item === 'number') {
      switch (entry?.unit) {
        case 'kg':
          return strings.kg(item);
        case 'pct':
          return strings.format.percent(item / 100);
        case 'days':
          return `${strings.number(item, 0)}\u00a0${dayWords[lang]}`;
        case 'months':
          return `${strings.number(item, 0)}\u00a0${monthWords[lang]}`;
        default:
          return strings.number(item);
      }
    }
    if (typeof item === 'string') return values?.[item] ?? item;
    const text = JSON.stringify(item);
    return text.length > 160 ? `${text.slice(0, 159)}…` : text;
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return strings.none;
    const shown = value.slice(0, 12).map(one);
    return `${shown.join(', ')}${value.length > shown.length ? ', …' : ''}`;
  }
  return one(value);
}

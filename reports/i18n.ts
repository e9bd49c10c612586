// Every word the reports print, in Russian (the default), Kazakh (strings-kk.ts) and English;
// numbers, quantities and dates go through the language's one formatter (locale-format.ts).
// Rule names and reasons come in the rule's own language variants (the service picks them).
import { localeFormat, type LocaleFormat } from './locale-format.ts';
import type { Lane, LicenceStanding, ReportFinding, ReportLanguage } from './report-model.ts';
import { kk } from './strings-kk.ts';

/** What an on-site checklist item is about, with the values it names. */
export interface ChecklistTemplates {
  stock(substance: string, quantityKg: string, date: string, importer: string): string;
  licenceOriginal(importer: string, licences: string, substance: string, date: string): string;
  licenceMissing(importer: string, substance: string, date: string): string;
  visitBuyer(buyer: string, standing: string, receivedKg: string): string;
  stockCount(holder: string, gapKg: string): string;
  stockCountImporter(importer: string, substance: string): string;
  identifyBuyers(seller: string, kg: string): string;
  penDocuments(penRef: string, penStatus: string): string;
  paymentRecords(): string;
  quota(importer: string): string;
  commercialNeed(importer: string): string;
  premises(importer: string): string;
  endUse(importer: string): string;
  transportDocuments(route: string): string;
  sample(hsCode: string, casNumber: string): string;
  sharedContacts(importer: string): string;
  foreignEndUser(): string;
  buyersInFlow(): string;
  resaleChain(): string;
  watchList(): string;
  cashSales(seller: string, kg: string): string;
  otherRule(ruleName: string): string;
}

export interface ReportStrings {
  /** The language's one formatter of numbers, quantities and dates. */
  format: LocaleFormat;
  /** A calendar day in the reader's form (`14.06.2025`); `—` for none. */
  date(value: Date | string | null): string;
  dateTime(value: Date): string;
  /** A quantity with its unit in words of the language (`3 л`, `2 т`). */
  quantity(value: number, unit: string): string;
  /** Names of the languages, for "this rule has no Kazakh text". */
  languageName: Record<ReportLanguage, string>;
  /** Dispositions of closed alerts. */
  disposition: Record<string, string>;
  /** PEN statuses as declared (`no_objection`, ...). */
  penStatus: Record<string, string>;
  /** Activities a licence covers. */
  activity: Record<string, string>;
  /** Roles of the people who ask for reports. */
  role: Record<string, string>;
  /** Reference lists by id. */
  referenceList: Record<string, string>;
  /** Writes `kg` with the unit, e.g. `1 200 кг`. */
  kg(value: number): string;
  number(value: number, maxFractionDigits?: number): string;
  percent(ratio: number): string;
  page(current: number, total: number | null): string;
  none: string;
  yes: string;
  no: string;
  titles: { consignment: string; holder: string; summary: string; empty: string };
  header: { reportNo: string; generatedAt: string; generatedBy: string; centre: string; defaultCentre: string };
  lane: Record<Lane, string>;
  laneTitle: Record<Lane, string>;
  action: Record<Lane, string>;
  notAssessed: string;
  notAssessedAction: string;
  severity: Record<ReportFinding['severity'], string>;
  licenceStanding: Record<LicenceStanding, string>;
  /** Licence states of the importer for the substance on the date (`valid`, `none`, ...). */
  licenceState: Record<string, string>;
  /** Holder, licence and alert statuses. */
  status: Record<string, string>;
  direction: Record<string, string>;
  sharedContact: Record<string, string>;
  summary: { title: string; lane: string; score: string; action: string; assessedAt: string };
  consignment: {
    title: string;
    declaration: string;
    declarationItem(no: string, item: number): string;
    date: string;
    direction: string;
    customsOffice: string;
    importer: string;
    registration: string;
    registeredOn(date: string): string;
    notRegistered: string;
    holderStatus: string;
    licence: string;
    licenceNos: string;
    counterparty: string;
    route: string;
    origin: string;
    dispatch: string;
    transit: string;
    goods: string;
    hsCode: string;
    casNumber: string;
    substance: string;
    notInCatalogue: string;
    tableAndCategory(table: string, category: string): string;
    quantityDeclared: string;
    quantityKg: string;
    pen: string;
    penStatus: string;
  };
  findings: {
    title: string;
    none: string;
    score(score: number): string;
    rule(ruleId: string, version: number): string;
    source: string;
    triggers: string;
    /** `лицензия на вещество: отсутствует; правило срабатывает при: отсутствует, отозвана` */
    trigger(fact: string, actual: string, condition: string): string;
    /** A condition in words: `operator` is json-rules-engine's name, `threshold` already in words. */
    condition(operator: string, threshold: string): string;
    /** A fact value that is not known. */
    unknown: string;
    /** Said when the rule has no text in the reader's language and another is shown. */
    untranslated(shown: string): string;
    /** Said of an anomaly in the flow that no fired rule covers. */
    flowBasis: string;
  };
  flow: {
    title: string;
    none: string;
    legend: string;
    unidentified: string;
    continued: string;
    holders: string;
    transfers: string;
    columns: { holder: string; depth: string; licence: string; received: string; sent: string; gap: string };
    transferColumns: { transferNo: string; date: string; from: string; to: string; kg: string };
  };
  checklist: { title: string; basis: string; templates: ChecklistTemplates };
  provenance: {
    title: string;
    ruleVersions: string;
    version(ruleId: string, version: number): string;
    sources: string;
    batch(batchId: string, fileName: string | null): string;
    line(line: number, sha256: string | null): string;
    assessedAt(date: string): string;
    noSources: string;
    consignmentId(id: number): string;
    declaration(no: string, item: string): string;
    transfer(no: string, supplier: string): string;
    holder(holderId: string): string;
  };
  holder: {
    registration: string;
    fields: {
      holderId: string;
      name: string;
      registered: string;
      status: string;
      country: string;
      region: string;
      address: string;
      phone: string;
      email: string;
      director: string;
      activity: string;
    };
    links: string;
    noLinks: string;
    linkColumns: { holder: string; status: string; shared: string };
    licences: string;
    noLicences: string;
    licenceColumns: { licenceNo: string; substance: string; activities: string; validity: string; status: string; quota: string };
    balances: string;
    noBalances: string;
    balanceChart(substance: string): string;
    balanceColumns: { month: string; received: string; sent: string; net: string; running: string };
    series: { received: string; sent: string };
    alerts: string;
    noAlerts: string;
    alertColumns: { id: string; subject: string; declaration: string; score: string; lane: string; status: string; rules: string };
    subject: Record<string, string>;
    /** Heading of the fired rules of the holder's alerts, with their reasons. */
    alertReasons: string;
    alertLine(id: number, subject: string): string;
  };
  summaryReport: {
    period: string;
    periodRange(from: string, to: string): string;
    byLane: string;
    kgChart: string;
    consignmentChart: string;
    laneColumns: { substance: string; lane: string; consignments: string; kg: string };
    uncatalogued: string;
    total: string;
    noConsignments: string;
    topRules: string;
    noRules: string;
    hitsChart: string;
    precisionLabel(precision: number | null, confirmed: number, closed: number): string;
    ruleColumns: { rule: string; name: string; hits: string; closed: string; confirmed: string; precision: string };
    precisionNote: string;
    outcomes: string;
    outcomesChart: string;
    laneTotal(consignments: string, kg: string): string;
    noOutcomes: string;
    outcomeColumns: { status: string; count: string };
    inactiveRules: string;
    inactiveNote: string;
    inactiveColumns: { rule: string; name: string; lists: string };
    /** Alerts by subject (consignment, holder). */
    bySubject: string;
    dispositionsTitle: string;
    noDispositions: string;
    dispositionColumns: { disposition: string; count: string };
  };
}

/** `1 200,5` in Russian and Kazakh (no-break space, decimal comma), `1,200.5` in English. */
export function formatNumber(lang: ReportLanguage, value: number, maxFractionDigits = 3): string {
  return localeFormat(lang).number(value, maxFractionDigits);
}

/** Condition words of one language: how each operator reads before its threshold. */
export interface ConditionWords {
  operators: Readonly<Record<string, (threshold: string) => string>>;
  not: string;
  some: string;
  every: string;
}

const ruConditions: ConditionWords = {
  operators: {
  equal: (t) => t,
  notEqual: (t) => `не ${t}`,
  lessThan: (t) => `менее ${t}`,
  lessThanInclusive: (t) => `не более ${t}`,
  greaterThan: (t) => `более ${t}`,
  greaterThanInclusive: (t) => `не менее ${t}`,
  in: (t) => t,
  notIn: (t) => `любом значении, кроме: ${t}`,
  contains: (t) => `в списке есть ${t}`,
  doesNotContain: (t) => `в списке нет ${t}`,
  },
  not: 'не',
  some: 'хотя бы одно значение',
  every: 'каждое значение',
};

const enConditions: ConditionWords = {
  operators: {
  equal: (t) => t,
  notEqual: (t) => `not ${t}`,
  lessThan: (t) => `below ${t}`,
  lessThanInclusive: (t) => `at most ${t}`,
  greaterThan: (t) => `above ${t}`,
  greaterThanInclusive: (t) => `at least ${t}`,
  in: (t) => `one of ${t}`,
  notIn: (t) => `anything but ${t}`,
  contains: (t) => `the list holds ${t}`,
  doesNotContain: (t) => `the list lacks ${t}`,
  },
  not: 'not',
  some: 'some value',
  every: 'every value',
};

/** `not:in` -> `не …`, `someValue:greaterThan` -> `хотя бы одно значение не менее …`; unknown operators as written. */
export function conditionIn(table: ConditionWords, operator: string, threshold: string): string {
  const parts = operator.split(':');
  const last = parts.pop() ?? operator;
  const core = table.operators[last]?.(threshold) ?? `${last} ${threshold}`;
  const prefixes = parts.map((part) => (part === 'not' ? table.not : /^some/.test(part) ? table.some : /^every/.test(part) ? table.every : part));
  return [...prefixes, core].join(' ');
}

/** `YYYY-MM-DD` of a date (UTC), or of an ISO date text as it is. */
export function formatDate(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM UTC`. */
export function formatDateTime(value: Date): string {
  return `${value.toISOString().slice(0, 10)} ${value.toISOString().slice(11, 16)} UTC`;
}

const ru: ReportStrings = {
  format: localeFormat('ru'),
  date: (value) => (value === null ? '—' : localeFormat('ru').date(value)),
  dateTime: (value) => localeFormat('ru').dateTime(value),
  quantity: (value, unit) => localeFormat('ru').quantity(value, unit),
  kg: (value) => localeFormat('ru').quantity(value, 'kg'),
  number: (value, digits) => formatNumber('ru', value, digits),
  percent: (ratio) => localeFormat('ru').percent(ratio, 0),
  languageName: { ru: 'русском', kk: 'казахском', en: 'английском' },
  disposition: {
    confirmed_diversion: 'утечка подтверждена',
    legitimate: 'законная сделка',
    insufficient_evidence: 'недостаточно доказательств',
    referred_to_agency: 'передано в другой орган',
  },
  penStatus: {
    no_objection: 'возражений нет',
    objected: 'возражение',
    objection: 'возражение',
    pending: 'на рассмотрении',
    expired: 'срок истёк',
    withdrawn: 'отозвано',
    cancelled: 'отменено',
    received: 'получено',
  },
  referenceList: { 'annual-estimates': 'годовые оценки потребности', 'high-risk-countries': 'страны повышенного риска', 'watch-list': 'список наблюдения' },
  role: {
    admin: 'администратор',
    ingest: 'загрузка данных',
    analyst: 'аналитик',
    rule_author: 'автор правил',
    supervisor: 'руководитель',
    inspector: 'инспектор',
  },
  activity: {
    import: 'импорт',
    export: 'экспорт',
    production: 'производство',
    storage: 'хранение',
    use: 'использование',
    sale: 'реализация',
    destruction: 'уничтожение',
  },
  page: (current, total) => `стр. ${current} из ${total ?? '?'}`,
  none: '—',
  yes: 'да',
  no: 'нет',
  titles: {
    consignment: 'Отчёт по товарной партии',
    holder: 'Досье участника оборота',
    summary: 'Сводный отчёт за период',
    empty: 'Пустая страница',
  },
  header: {
    reportNo: 'Номер отчёта',
    generatedAt: 'Сформирован',
    generatedBy: 'Сформировал',
    centre: 'Центр',
    defaultCentre: 'Центр целевого контроля оборота прекурсоров',
  },
  lane: { red: 'красный', yellow: 'жёлтый', green: 'зелёный' },
  laneTitle: { red: 'Красный коридор', yellow: 'Жёлтый коридор', green: 'Зелёный коридор' },
  action: { red: 'физический досмотр', yellow: 'документальная проверка', green: 'выпуск' },
  notAssessed: 'Оценка риска не проводилась',
  notAssessedAction: 'нет оценки: решение за инспектором',
  severity: { low: 'низкая', medium: 'средняя', high: 'высокая', critical: 'критическая' },
  licenceStanding: { licensed: 'с лицензией', unlicensed: 'без лицензии', unregistered: 'не зарегистрирован', revoked: 'лицензия отозвана' },
  licenceState: {
    valid: 'действует',
    none: 'отсутствует',
    expired: 'истёк срок',
    not_yet_valid: 'ещё не вступила в силу',
    wrong_activity: 'не на этот вид деятельности',
    suspended: 'приостановлена',
    revoked: 'отозвана',
  },
  status: {
    active: 'действует',
    suspended: 'приостановлен',
    revoked: 'отозван',
    liquidated: 'ликвидирован',
    unregistered: 'не зарегистрирован',
    new: 'новое',
    open: 'открыто',
    in_review: 'на проверке',
    closed: 'закрыто',
    confirmed: 'подтверждено',
    dismissed: 'отклонено',
    expired: 'истёк',
    objected: 'возражение',
    received: 'получено',
    escalated: 'передано руководителю',
  },
  direction: { import: 'импорт', export: 'экспорт', transit: 'транзит' },
  sharedContact: { address: 'адрес', phone: 'телефон', email: 'эл. почта', director: 'руководитель', director_iin: 'ИИН руководителя' },
  summary: { title: 'Итог оценки', lane: 'Коридор', score: 'Балл риска', action: 'Рекомендуемое действие', assessedAt: 'Оценено' },
  consignment: {
    title: 'Товарная партия',
    declaration: 'Декларация, товар',
    declarationItem: (no, item) => `${no}, товар № ${item}`,
    date: 'Дата декларации',
    direction: 'Направление',
    customsOffice: 'Таможенный орган',
    importer: 'Импортёр',
    registration: 'Регистрация',
    registeredOn: (date) => `зарегистрирован ${date}`,
    notRegistered: 'не зарегистрирован в реестре',
    holderStatus: 'Статус',
    licence: 'Лицензия на вещество',
    licenceNos: 'Номера лицензий',
    counterparty: 'Контрагент',
    route: 'Маршрут',
    origin: 'происхождение',
    dispatch: 'отправление',
    transit: 'транзит',
    goods: 'Описание товара',
    hsCode: 'Код ТН ВЭД',
    casNumber: 'Номер CAS',
    substance: 'Вещество по справочнику',
    notInCatalogue: 'нет в справочнике',
    tableAndCategory: (table, category) => `таблица ${table}, категория ${category}`,
    quantityDeclared: 'Количество по декларации',
    quantityKg: 'Количество, кг',
    pen: 'PEN (предэкспортное уведомление)',
    penStatus: 'статус',
  },
  findings: {
    title: 'Сработавшие правила',
    none: 'Ни одно правило не сработало.',
    score: (score) => `баллы: ${score}`,
    rule: (ruleId, version) => `Правило ${ruleId}, версия ${version}`,
    source: 'Источник',
    triggers: 'Условия',
    trigger: (fact, actual, condition) => `${fact}: ${actual}; правило срабатывает при: ${condition}`,
    condition: (operator, threshold) => conditionIn(ruConditions, operator, threshold),
    unknown: 'неизвестно',
    untranslated: (shown) => `Текста правила на русском языке нет; показан текст на ${shown} языке.`,
    flowBasis: 'схема движения (правилом не охвачено)',
  },
  flow: {
    title: 'Движение товара после ввоза',
    none: 'Движение товара после ввоза не зарегистрировано: передач от импортёра нет.',
    legend: 'Условные обозначения',
    unidentified: 'Неустановленный покупатель',
    continued: 'Схема движения (продолжение)',
    holders: 'Участники цепочки',
    transfers: 'Передачи',
    columns: { holder: 'Участник', depth: 'Уровень', licence: 'Лицензия', received: 'Получено, кг', sent: 'Передано, кг', gap: 'Расхождение, кг' },
    transferColumns: { transferNo: '№ передачи', date: 'Дата', from: 'От кого', to: 'Кому', kg: 'Количество, кг' },
  },
  checklist: {
    title: 'Что проверить на месте',
    basis: 'основание',
    templates: {
      stock: (substance, kg, date, importer) => `Сверить остаток вещества «${substance}» у ${importer} с ${kg}, ввезёнными ${date}.`,
      licenceOriginal: (importer, licences, substance, date) =>
        `Проверить подлинник лицензии ${importer} (${licences}) на «${substance}» и её действие на ${date}.`,
      licenceMissing: (importer, substance, date) =>
        `Запросить у ${importer} лицензию на «${substance}», действующую на ${date}: в реестре её нет.`,
      visitBuyer: (buyer, standing, kg) => `Посетить или проверить покупателя ${buyer} (${standing}): получено ${kg}; проверить лицензию и назначение.`,
      stockCount: (holder, gap) => `Провести инвентаризацию у ${holder}: расхождение баланса ${gap}.`,
      stockCountImporter: (importer, substance) => `Провести инвентаризацию вещества «${substance}» у ${importer} и сверить с учётом.`,
      identifyBuyers: (seller, kg) => `Установить покупателей ${kg}, проданных ${seller} без данных о покупателе.`,
      penDocuments: (penRef, penStatus) => `Проверить документы PEN (${penRef}, статус: ${penStatus}) и их соответствие декларации.`,
      paymentRecords: () => 'Проверить платёжные документы по продажам за наличные.',
      quota: (importer) => `Проверить использование квоты ${importer} и оценки потребности.`,
      commercialNeed: (importer) => `Запросить у ${importer} обоснование объёма и частоты поставок: договоры, учёт расхода.`,
      premises: (importer) => `Проверить фактическое место деятельности ${importer} по адресу регистрации.`,
      endUse: (importer) => `Выяснить, где ${importer} использует или кому продаёт вещество: лицензия не покрывает ни использование, ни продажу.`,
      transportDocuments: (route) => `Сверить транспортные документы с заявленным маршрутом: ${route}.`,
      sample: (hs, cas) => `Отобрать пробу и сверить маркировку и упаковку с заявленным товаром (ТН ВЭД ${hs}, CAS ${cas}).`,
      sharedContacts: (importer) => `Проверить связи ${importer} с участниками с общими контактами: адрес, руководитель.`,
      foreignEndUser: () => 'Проверить документы на вывоз вещества за рубеж и конечного пользователя.',
      buyersInFlow: () => 'Проверить покупателей из схемы движения: лицензии, регистрацию, назначение.',
      resaleChain: () => 'Проследить цепочку перепродаж и выяснить причины быстрой перепродажи.',
      cashSales: (seller, kg) => `Проверить платёжные документы ${seller}: за наличные продано ${kg}.`,
      watchList: () => 'Совпадение со списком наблюдения: действовать по порядку для таких совпадений, известить руководителя.',
      otherRule: (name) => `Проверить обстоятельства по правилу «${name}».`,
    },
  },
  provenance: {
    title: 'Происхождение данных',
    ruleVersions: 'Версии правил, по которым выполнена оценка',
    version: (ruleId, version) => `${ruleId} в.${version}`,
    sources: 'Исходные записи',
    batch: (batch, file) => `пакет загрузки ${batch}, файл ${file ?? '—'}`,
    line: (line, sha) => `строка ${line}, sha256 ${sha ?? '—'}`,
    assessedAt: (date) => `Оценка риска выполнена ${date}`,
    noSources: 'Исходные записи не указаны.',
    consignmentId: (id) => `Внутренний номер партии: ${id}`,
    declaration: (no, item) => `декларация ${no}, товар № ${item}`,
    transfer: (no, supplier) => `передача ${no} от ${supplier}`,
    holder: (holderId) => `участник ${holderId}`,
  },
  holder: {
    registration: 'Регистрационные данные',
    fields: {
      holderId: 'Идентификатор',
      name: 'Наименование',
      registered: 'В реестре',
      status: 'Статус',
      country: 'Страна',
      region: 'Регион',
      address: 'Адрес',
      phone: 'Телефон',
      email: 'Эл. почта',
      director: 'Руководитель',
      activity: 'Вид деятельности',
    },
    links: 'Связанные участники (общие контакты)',
    noLinks: 'Участников с общими контактами нет.',
    linkColumns: { holder: 'Участник', status: 'Статус', shared: 'Общее' },
    licences: 'Лицензии',
    noLicences: 'Лицензий нет.',
    licenceColumns: {
      licenceNo: '№ лицензии',
      substance: 'Вещество',
      activities: 'Виды деятельности',
      validity: 'Срок действия',
      status: 'Статус',
      quota: 'Годовая квота, кг',
    },
    balances: 'Баланс по веществам по месяцам',
    noBalances: 'Движения веществ нет.',
    balanceChart: (substance) => `${substance}: получено и передано по месяцам, кг`,
    balanceColumns: { month: 'Месяц', received: 'Получено, кг', sent: 'Передано, кг', net: 'Сальдо, кг', running: 'Остаток нарастающим итогом, кг' },
    series: { received: 'получено', sent: 'передано' },
    alerts: 'Оповещения',
    noAlerts: 'Оповещений нет.',
    alertColumns: { id: '№', subject: 'Объект', declaration: 'Декларация', score: 'Балл', lane: 'Коридор', status: 'Статус', rules: 'Правила' },
    subject: { consignment: 'партия', holder: 'участник' },
    alertReasons: 'Причины оповещений',
    alertLine: (id, subject) => `Оповещение № ${id} (${subject})`,
  },
  summaryReport: {
    period: 'Период',
    periodRange: (from, to) => `с ${from} по ${to}`,
    byLane: 'Партии и объёмы по коридорам и веществам',
    kgChart: 'Объём по веществам, кг',
    consignmentChart: 'Число партий по веществам',
    laneColumns: { substance: 'Вещество', lane: 'Коридор', consignments: 'Партий', kg: 'Объём, кг' },
    uncatalogued: 'вне справочника',
    total: 'Итого',
    noConsignments: 'За период партий нет.',
    topRules: 'Наиболее частые правила',
    noRules: 'За период правила не срабатывали.',
    hitsChart: 'Срабатывания правил',
    precisionLabel: (precision, confirmed, closed) =>
      precision === null ? 'точность: нет закрытых' : `точность ${formatNumber('ru', precision * 100, 0)}\u00a0% (${confirmed} из ${closed})`,
    ruleColumns: { rule: 'Правило', name: 'Название', hits: 'Сработало', closed: 'Закрыто', confirmed: 'Подтверждено', precision: 'Точность' },
    precisionNote: 'Точность = подтверждённые оповещения / закрытые оповещения.',
    outcomes: 'Итоги по оповещениям',
    outcomesChart: 'Оповещения по статусам',
    laneTotal: (consignments, kg) => `партий: ${consignments}; ${kg}`,
    noOutcomes: 'Оповещений за период нет.',
    outcomeColumns: { status: 'Статус', count: 'Количество' },
    inactiveRules: 'Неактивные правила',
    inactiveNote: 'Эти правила не могут сработать, пока центр не заполнит справочники, которые они читают.',
    inactiveColumns: { rule: 'Правило', name: 'Название', lists: 'Пустой справочник' },
    bySubject: 'Оповещения по объектам',
    dispositionsTitle: 'Решения по закрытым оповещениям',
    noDispositions: 'Закрытых оповещений за период нет.',
    dispositionColumns: { disposition: 'Решение', count: 'Количество' },
  },
};

const en: ReportStrings = {
  format: localeFormat('en'),
  date: (value) => (value === null ? '—' : localeFormat('en').date(value)),
  dateTime: (value) => localeFormat('en').dateTime(value),
  quantity: (value, unit) => localeFormat('en').quantity(value, unit),
  kg: (value) => localeFormat('en').quantity(value, 'kg'),
  number: (value, digits) => formatNumber('en', value, digits),
  percent: (ratio) => localeFormat('en').percent(ratio, 0),
  languageName: { ru: 'Russian', kk: 'Kazakh', en: 'English' },
  disposition: {
    confirmed_diversion: 'diversion confirmed',
    legitimate: 'legitimate',
    insufficient_evidence: 'insufficient evidence',
    referred_to_agency: 'referred to another agency',
  },
  penStatus: {
    no_objection: 'no objection',
    objected: 'objected',
    objection: 'objected',
    pending: 'pending',
    expired: 'expired',
    withdrawn: 'withdrawn',
    cancelled: 'cancelled',
    received: 'received',
  },
  referenceList: { 'annual-estimates': 'annual estimates', 'high-risk-countries': 'high-risk countries', 'watch-list': 'watch list' },
  role: { admin: 'admin', ingest: 'data upload', analyst: 'analyst', rule_author: 'rule author', supervisor: 'supervisor', inspector: 'inspector' },
  activity: {
    import: 'import',
    export: 'export',
    production: 'production',
    storage: 'storage',
    use: 'use',
    sale: 'sale',
    destruction: 'destruction',
  },
  page: (current, total) => `page ${current} of ${total ?? '?'}`,
  none: '—',
  yes: 'yes',
  no: 'no',
  titles: { consignment: 'Consignment report', holder: 'Holder dossier', summary: 'Summary report for the period', empty: 'Empty page' },
  header: { reportNo: 'Report number', generatedAt: 'Generated at', generatedBy: 'Generated by', centre: 'Centre', defaultCentre: 'Precursor targeting centre' },
  lane: { red: 'red', yellow: 'yellow', green: 'green' },
  laneTitle: { red: 'Red lane', yellow: 'Yellow lane', green: 'Green lane' },
  action: { red: 'physical inspection', yellow: 'documentary check', green: 'release' },
  notAssessed: 'No risk assessment',
  notAssessedAction: 'not assessed: the inspector decides',
  severity: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
  licenceStanding: { licensed: 'licensed', unlicensed: 'unlicensed', unregistered: 'unregistered', revoked: 'licence revoked' },
  licenceState: {
    valid: 'valid',
    none: 'none',
    expired: 'expired',
    not_yet_valid: 'not yet in force',
    wrong_activity: 'covers another activity',
    suspended: 'suspended',
    revoked: 'revoked',
  },
  status: {
    active: 'active',
    suspended: 'suspended',
    revoked: 'revoked',
    liquidated: 'liquidated',
    unregistered: 'unregistered',
    new: 'new',
    open: 'open',
    in_review: 'in review',
    closed: 'closed',
    confirmed: 'confirmed',
    dismissed: 'dismissed',
    expired: 'expired',
    objected: 'objected',
    received: 'received',
    escalated: 'escalated',
  },
  direction: { import: 'import', export: 'export', transit: 'transit' },
  sharedContact: { address: 'address', phone: 'phone', email: 'e-mail', director: 'director', director_iin: "director's IIN" },
  summary: { title: 'Assessment', lane: 'Lane', score: 'Risk score', action: 'Recommended action', assessedAt: 'Assessed at' },
  consignment: {
    title: 'Consignment',
    declaration: 'Declaration, item',
    declarationItem: (no, item) => `${no}, item ${item}`,
    date: 'Declaration date',
    direction: 'Direction',
    customsOffice: 'Customs office',
    importer: 'Importer',
    registration: 'Registration',
    registeredOn: (date) => `registered on ${date}`,
    notRegistered: 'not in the register',
    holderStatus: 'Status',
    licence: 'Licence for the substance',
    licenceNos: 'Licence numbers',
    counterparty: 'Counterparty',
    route: 'Route',
    origin: 'origin',
    dispatch: 'dispatch',
    transit: 'transit',
    goods: 'Goods description',
    hsCode: 'HS code',
    casNumber: 'CAS number',
    substance: 'Catalogue substance',
    notInCatalogue: 'not in the catalogue',
    tableAndCategory: (table, category) => `Table ${table}, category ${category}`,
    quantityDeclared: 'Quantity declared',
    quantityKg: 'Quantity, kg',
    pen: 'PEN (pre-export notification)',
    penStatus: 'status',
  },
  findings: {
    title: 'Findings',
    none: 'No rule fired.',
    score: (score) => `score: ${score}`,
    rule: (ruleId, version) => `Rule ${ruleId}, version ${version}`,
    source: 'Source',
    triggers: 'Conditions',
    trigger: (fact, actual, condition) => `${fact}: ${actual}; the rule fires when: ${condition}`,
    condition: (operator, threshold) => conditionIn(enConditions, operator, threshold),
    unknown: 'unknown',
    untranslated: (shown) => `The rule has no English text; shown in ${shown}.`,
    flowBasis: 'downstream flow (no rule covers it)',
  },
  flow: {
    title: 'Downstream flow',
    none: 'No downstream movement recorded: the importer passed none of it on.',
    legend: 'Legend',
    unidentified: 'Unidentified buyer',
    continued: 'Downstream flow (continued)',
    holders: 'Holders in the chain',
    transfers: 'Transfers',
    columns: { holder: 'Holder', depth: 'Depth', licence: 'Licence', received: 'Received, kg', sent: 'Sent on, kg', gap: 'Balance gap, kg' },
    transferColumns: { transferNo: 'Transfer no.', date: 'Date', from: 'From', to: 'To', kg: 'Quantity, kg' },
  },
  checklist: {
    title: 'On-site checklist',
    basis: 'basis',
    templates: {
      stock: (substance, kg, date, importer) => `Verify the stock of ${substance} at ${importer} against ${kg} received on ${date}.`,
      licenceOriginal: (importer, licences, substance, date) =>
        `Check the original of ${importer}'s licence (${licences}) for ${substance} and that it was in force on ${date}.`,
      licenceMissing: (importer, substance, date) => `Ask ${importer} for a licence for ${substance} in force on ${date}: the register has none.`,
      visitBuyer: (buyer, standing, kg) => `Visit or verify buyer ${buyer} (${standing}): received ${kg}; check its licence and end use.`,
      stockCount: (holder, gap) => `Count the stock at ${holder}: its balance is off by ${gap}.`,
      stockCountImporter: (importer, substance) => `Count the stock of ${substance} at ${importer} and compare it with the books.`,
      identifyBuyers: (seller, kg) => `Identify the buyers of ${kg} sold by ${seller} without buyer details.`,
      penDocuments: (penRef, penStatus) => `Check the PEN documents (${penRef}, status: ${penStatus}) against the declaration.`,
      paymentRecords: () => 'Examine the payment records of the cash sales.',
      quota: (importer) => `Check ${importer}'s quota use and the national estimate.`,
      commercialNeed: (importer) => `Ask ${importer} to justify the quantity and frequency: contracts, consumption records.`,
      premises: (importer) => `Check that ${importer} actually operates at its registered address.`,
      endUse: (importer) => `Find out where ${importer} uses or sells the substance: its licence covers neither.`,
      transportDocuments: (route) => `Check the transport documents against the declared route: ${route}.`,
      sample: (hs, cas) => `Take a sample and check labels and packaging against the declared goods (HS ${hs}, CAS ${cas}).`,
      sharedContacts: (importer) => `Check ${importer}'s links to holders sharing its contacts: address, director.`,
      foreignEndUser: () => 'Check the export documents and the foreign end user.',
      buyersInFlow: () => 'Verify the buyers in the downstream flow: licences, registration, end use.',
      resaleChain: () => 'Trace the chain of resales and ask why the goods were resold so fast.',
      cashSales: (seller, kg) => `Examine the payment records of ${seller}: ${kg} sold for cash.`,
      watchList: () => 'Watch-list hit: follow the watch-list procedure and inform the supervisor.',
      otherRule: (name) => `Check the circumstances behind rule "${name}".`,
    },
  },
  provenance: {
    title: 'Provenance',
    ruleVersions: 'Rule versions the assessment was made with',
    version: (ruleId, version) => `${ruleId} v${version}`,
    sources: 'Source records',
    batch: (batch, file) => `batch ${batch}, file ${file ?? '—'}`,
    line: (line, sha) => `line ${line}, sha256 ${sha ?? '—'}`,
    assessedAt: (date) => `Risk assessed at ${date}`,
    noSources: 'No source records given.',
    consignmentId: (id) => `Internal consignment id: ${id}`,
    declaration: (no, item) => `declaration ${no} item ${item}`,
    transfer: (no, supplier) => `transfer ${no} of ${supplier}`,
    holder: (holderId) => `holder ${holderId}`,
  },
  holder: {
    registration: 'Registration',
    fields: {
      holderId: 'Holder ID',
      name: 'Name',
      registered: 'In the register',
      status: 'Status',
      country: 'Country',
      region: 'Region',
      address: 'Address',
      phone: 'Phone',
      email: 'E-mail',
      director: 'Director',
      activity: 'Activity',
    },
    links: 'Linked holders (shared contacts)',
    noLinks: 'No holder shares its contacts.',
    linkColumns: { holder: 'Holder', status: 'Status', shared: 'Shared' },
    licences: 'Licences',
    noLicences: 'No licences.',
    licenceColumns: { licenceNo: 'Licence no.', substance: 'Substance', activities: 'Activities', validity: 'Valid', status: 'Status', quota: 'Annual quota, kg' },
    balances: 'Balance by substance and month',
    noBalances: 'No movements of substances.',
    balanceChart: (substance) => `${substance}: received and sent on by month, kg`,
    balanceColumns: { month: 'Month', received: 'Received, kg', sent: 'Sent on, kg', net: 'Net, kg', running: 'Running balance, kg' },
    series: { received: 'received', sent: 'sent on' },
    alerts: 'Alerts',
    noAlerts: 'No alerts.',
    alertColumns: { id: 'No.', subject: 'Subject', declaration: 'Declaration', score: 'Score', lane: 'Lane', status: 'Status', rules: 'Rules' },
    subject: { consignment: 'consignment', holder: 'holder' },
    alertReasons: 'Why the alerts were raised',
    alertLine: (id, subject) => `Alert no. ${id} (${subject})`,
  },
  summaryReport: {
    period: 'Period',
    periodRange: (from, to) => `${from} to ${to}`,
    byLane: 'Consignments and kg by lane and substance',
    kgChart: 'Quantity by substance, kg',
    consignmentChart: 'Consignments by substance',
    laneColumns: { substance: 'Substance', lane: 'Lane', consignments: 'Consignments', kg: 'Quantity, kg' },
    uncatalogued: 'not in the catalogue',
    total: 'Total',
    noConsignments: 'No consignments in the period.',
    topRules: 'Top rules',
    noRules: 'No rule fired in the period.',
    hitsChart: 'Rule hits',
    precisionLabel: (precision, confirmed, closed) =>
      precision === null ? 'precision: none closed' : `precision ${formatNumber('en', precision * 100, 0)}% (${confirmed} of ${closed})`,
    ruleColumns: { rule: 'Rule', name: 'Name', hits: 'Hits', closed: 'Closed', confirmed: 'Confirmed', precision: 'Precision' },
    precisionNote: 'Precision = confirmed alerts / closed alerts.',
    outcomes: 'Alert outcomes',
    outcomesChart: 'Alerts by status',
    laneTotal: (consignments, kg) => `consignments: ${consignments}; ${kg}`,
    noOutcomes: 'No alerts in the period.',
    outcomeColumns: { status: 'Status', count: 'Count' },
    inactiveRules: 'Inactive rules',
    inactiveNote: 'These rules cannot fire until the centre fills the reference lists they read.',
    inactiveColumns: { rule: 'Rule', name: 'Name', lists: 'Empty list' },
    bySubject: 'Alerts by subject',
    dispositionsTitle: 'Dispositions of closed alerts',
    noDispositions: 'No alert closed in the period.',
    dispositionColumns: { disposition: 'Disposition', count: 'Count' },
  },
};

const byLanguage: Readonly<Record<ReportLanguage, ReportStrings>> = { ru, kk, en };

export function reportStrings(lang: ReportLanguage): ReportStrings {
  return byLanguage[lang];
}

/** `ТОО «Әлем Химия» (123456789012)`, or the id alone when the name is unknown. */
export function nameWithId(name: string | null, id: string): string {
  return name ? `${name} (${id})` : id;
}

/** Origin, dispatch and transit countries in words, e.g. `происхождение CN, отправление AE, транзит IR`. */
export function describeRoute(
  strings: ReportStrings,
  route: { originCountry: string | null; dispatchCountry: string | null; transitCountries: readonly string[] },
): string {
  const parts = [
    route.originCountry && `${strings.consignment.origin} ${route.originCountry}`,
    route.dispatchCountry && `${strings.consignment.dispatch} ${route.dispatchCountry}`,
    route.transitCountries.length > 0 && `${strings.consignment.transit} ${route.transitCountries.join(', ')}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join('; ') : strings.none;
}

/** A PEN status as declared (`no_objection`, `No-Objection`) in words, or as declared when it has none. */
export function penStatusIn(strings: ReportStrings, status: string | null | undefined): string {
  if (!status) return strings.none;
  return strings.penStatus[status.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? status;
}

/** A stored code in words (`revoked` -> `отозван`), or the code itself when it has none. */
export function words(table: Record<string, string>, code: string | null | undefined, none = '—'): string {
  if (code === null || code === undefined || code === '') return none;
  return table[code] ?? code;
}

// Entity resolution: the forms in which holders' contacts and names are compared. Computed once,
// when a holder is staged (record-tables.ts stores them in holders.contact_keys), and by the
// watch-list check for names. Plain functions, no SQL.
//
// A key is `kind:value`. Holders sharing a key form a contact group (holder-ledgers.ts); a group
// larger than the common-key limit (a business centre, an accountant's phone, a common surname)
// links nobody.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export const contactKinds = ['address', 'phone', 'email', 'director', 'director_iin'] as const;
export type ContactKind = (typeof contactKinds)[number];

/**
 * Kinds that link two holders by themselves. A director's name does not: names repeat ("Иванов
 * И.О."), so it only adds to the evidence of a link another key or the director's IIN made.
 */
export const linkingKinds: readonly ContactKind[] = ['address', 'phone', 'email', 'director_iin'];

/** Values shorter than this (a stray "0" in a phone cell) never make a key. */
export const minContactKeyLength = 6;

/** Default country of phone numbers written without one. */
const defaultPhoneCountry = 'KZ';

export interface HolderContacts {
  address: string | null;
  phone: string | null;
  email: string | null;
  director: string | null;
  directorIin: string | null;
}

/** Every key of a holder's contacts, each once, in kind order. */
export function contactKeysOf(contacts: HolderContacts): string[] {
  const keys = [
    ...(contacts.address === null ? [] : [addressKey(contacts.address)]).map((value) => ['address', value] as const),
    ...(contacts.phone === null ? [] : phoneKeys(contacts.phone)).map((value) => ['phone', value] as const),
    ...(contacts.email === null ? [] : emailKeys(contacts.email)).map((value) => ['email', value] as const),
    ...(contacts.director === null ? [] : [personNameKey(contacts.director)]).map((value) => ['director', value] as const),
    ...(contacts.directorIin === null ? [] : [identityNumberKey(contacts.directorIin)]).map((value) => ['director_iin', value] as const),
  ];
  return [
    ...new Set(
      keys
        .filter(([, value]) => value !== null && value.length >= minContactKeyLength)
        // `|` separates list elements when staged: a key never holds one.
        .map(([kind, value]) => `${kind}:${value!.replaceAll('|', ' ')}`),
    ),
  ];
}

/** The kind and value of a key. */
export function splitContactKey(key: string): { kind: ContactKind; value: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as ContactKind, value: key.slice(colon + 1) };
}

/** A key as people read it: "phone +77011234567". */
export function describeContactKey(key: string): string {
  const { kind, value } = splitContactKey(key);
  return `${kind.replace('_', ' ')} ${value}`;
}

// ---------------------------------------------------------------------------------------------
// Text clean-up shared by every kind

/** Zero-width characters, bidi controls, soft hyphens and the like: Unicode format characters. */
const formatCharacters = /\p{Cf}/gu;

/** NFKC (full-width and compatibility forms folded), format characters removed, lower case, ё as е. */
export function cleanText(text: string): string {
  return text.normalize('NFKC').replace(formatCharacters, '').toLowerCase().replaceAll('ё', 'е');
}

/** Letters and digits runs of cleaned text: punctuation and spaces separate words. */
function words(text: string): string[] {
  return cleanText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Phones and e-mails

/**
 * E.164 numbers in a phone cell ("+7 727 123-45-67, 8 701 …"): each number parsed with
 * libphonenumber (default country KZ); a part it cannot read keeps its digits, so that two equal
 * oddities still meet.
 */
export function phoneKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const part of cleanText(text).split(/[,;/]|\s{2,}/)) {
    if (!/\d/.test(part)) continue;
    const parsed = parsePhoneNumberFromString(part, defaultPhoneCountry);
    if (parsed?.isPossible()) keys.add(parsed.number);
    else keys.add(part.replace(/\D/g, ''));
  }
  return [...keys];
}

/** E-mail addresses in lower case, without a plus-tag ("a.b+tag@x.kz" is "a.b@x.kz"). */
export function emailKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const part of cleanText(text).split(/[,;\s]+/)) {
    const at = part.lastIndexOf('@');
    if (at <= 0) continue;
    const local = part.slice(0, at).replace(/\+.*$/, '');
    keys.add(`${local}@${part.slice(at + 1)}`);
  }
  return [...keys];
}

/** Digits of an identity number (IIN or BIN: 12 digits); null for anything else. */
export function identityNumberKey(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  return digits.length === 12 ? digits : null;
}

// ---------------------------------------------------------------------------------------------
// Names: transliteration, confusable letters, legal forms

const cyrillicToLatin: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sh', ъ: '', ы: 'i', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh letters.
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

/**
 * Latin spellings that transliterations of the same Cyrillic name differ in, folded to one:
 * "Khimprom"/"Himprom", "Yuri"/"Iuri", "Dmitriy"/"Dmitrii"/"Dmitry", "Aleksey"/"Alexei", "Corp"/"Корп".
 */
const latinFolds: readonly [RegExp, string][] = [
  [/kh/g, 'h'],
  [/x/g, 'ks'],
  [/shch/g, 'sh'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/[yj]/g, 'i'],
  [/c(?=[ei])/g, 's'],
  [/c/g, 'k'],
  [/(.)\1+/g, '$1'],
];

/** A word in Latin letters, folded so that transliteration variants meet. */
function latinWord(word: string): string {
  let latin = '';
  for (const character of word) latin += cyrillicToLatin[character] ?? character;
  for (const [pattern, replacement] of latinFolds) latin = latin.replace(pattern, replacement);
  return latin;
}

/**
 * Cyrillic letters that look like Latin ones (and the Greek ones that do), in both cases: a name
 * written with a Cyrillic "Е" or "С" among Latin letters reads as the Latin name.
 */
const confusables: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ӏ: 'l', һ: 'h',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
  ο: 'o', ν: 'v', α: 'a',
};

/** Latin letters that look like Cyrillic ones, the other way round. */
const latinConfusables: Record<string, string> = Object.fromEntries(
  Object.entries(confusables)
    .filter(([from]) => /\p{Script=Cyrillic}/u.test(from))
    .map(([from, to]) => [to, from]),
);

/**
 * A word mixing Latin and Cyrillic letters, written in the script most of its letters are in:
 * the look-alike letters of the other script are folded over ("Еvil" with a Cyrillic Е is
 * "Evil", "Вocток" with Latin o and c is "Восток"). Words in one script are unchanged.
 */
function foldConfusables(word: string): string {
  const latin = word.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const other = word.match(/\p{Script=Cyrillic}|\p{Script=Greek}/gu)?.length ?? 0;
  if (latin === 0 || other === 0) return word;
  const map = latin >= other ? confusables : latinConfusables;
  let folded = '';
  for (const character of word) folded += map[character] ?? character;
  return folded;
}

/**
 * Text as it is seen: a right-to-left override (U+202E) shows the letters after it, up to a
 * pop (U+202C) or the end, in reverse order, so "\u202Eproc livE" reads "Evil corp".
 */
function visualOrder(text: string): string {
  return text.replace(/\u202E([^\u202C]*)(?:\u202C|$)/gu, (_, span: string) => [...span].reverse().join(''));
}

/** Legal forms, as written in lower case (either script): ТОО, LLP, ООО, LLC, АО, JSC, ИП, … */
const legalForms = new Set([
  'тоо', 'too', 'llp', 'ооо', 'ooo', 'llc', 'ао', 'ao', 'jsc', 'зао', 'оао', 'пао', 'ип', 'ip', 'ltd', 'inc', 'gmbh', 'ag', 'plc',
  'тов', 'tov', 'кх', 'пк',
]);

/** A name split into its legal form (if it gives one) and the words that identify it. */
export interface NameKey {
  /** Words of the name in folded Latin, legal forms removed, joined by a space. */
  key: string;
  /** The legal forms it gave, in lower case ("тоо", "llp"), in order. */
  legalForms: string[];
}

/**
 * The key of an organisation's or person's name: NFKC, zero-width and bidi controls removed,
 * confusable letters of a Latin word folded to Latin, Cyrillic transliterated and transliteration
 * variants folded, quotes and punctuation dropped, legal forms set apart. "ТОО «Восток Снаб»",
 * "Vostok Snab LLP" and "VОSТОK SNAB" (a Cyrillic О and Т) all have the key "vostok snab".
 */
export function nameKey(text: string): NameKey {
  const raw = visualOrder(text.normalize('NFKC')).replace(formatCharacters, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  const key: string[] = [];
  const forms: string[] = [];
  for (const word of raw) {
    const lower = foldConfusables(word).toLowerCase().replaceAll('ё', 'е');
    if (legalForms.has(lower)) forms.push(lower);
    else if (lower !== '') key.push(latinWord(lower));
  }
  return { key: key.join(' '), legalForms: forms };
}

/**
 * A person's name as surname and initials, whatever the order and however much is written:
 * "Иванов Иван Олегович", "Иванов И.О." and "I. O. Ivanov" all give "ivanov i o".
 */
export function personNameKey(text: string): string | null {
  const parts = nameKey(text).key.split(' ').filter((part) => part !== '');
  if (parts.length === 0) return null;
  const full = parts.filter((part) => part.length > 1);
  const surname = full[0] ?? parts[0]!;
  const initials = parts.filter((part) => part !== surname).map((part) => part[0]!);
  return [surname, ...initials].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** Words of an address spelt in full, with the abbreviation they are compared as; the house and
 * city markers ("д.", "г.") are dropped, being written as often as not. */
const addressWords: Record<string, string> = {
  улица: 'ул', проспект: 'пр', пр: 'пр', просп: 'пр', переулок: 'пер', бульвар: 'бул', шоссе: 'ш',
  микрорайон: 'мкр', мкрн: 'мкр', дом: '', д: '', корпус: 'корп', корп: 'корп', строение: 'стр', офис: 'оф',
  квартира: 'кв', помещение: 'пом', город: '', г: '', область: 'обл', район: 'р', street: 'ул', st: 'ул',
  avenue: 'пр', ave: 'пр', office: 'оф', building: 'корп', bldg: 'корп', apt: 'кв',
};

/** Words that say nothing of the place: the country, the postal code. */
const addressNoise = new Set(['казахстан', 'республика', 'рк', 'kazakhstan', 'republic', 'of']);

/**
 * An address in one spelling: case, punctuation and "ул."/"улица", "корп."/"корпус" folded,
 * "д."/"дом" and "г."/"город" dropped, country and postal code dropped, the office kept as a part ("оф 12"): two firms in one
 * business centre share the building, not the office. Transliterated, so that "ul. Abaya 5" and
 * "ул. Абая, 5" meet.
 */
export function addressKey(text: string): string | null {
  const parts = words(text)
    .filter((word) => !addressNoise.has(word) && !/^\d{6}$/.test(word))
    .map((word) => addressWords[word] ?? word)
    .map((word) => (/^\d+$/.test(word) ? word : latinWord(word)))
    .filter((word) => word !== '');
  return parts.length === 0 ? null : parts.join(' ');
}

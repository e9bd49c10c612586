// Three languages, Russian by default. Each is a typed dictionary with the keys of the Russian
// one, so a missing or misspelt message fails typecheck; {name} placeholders are filled at use.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { kk } from './kk.ts';
import { ru, type MessageKey } from './ru.ts';

export const languages = ['ru', 'kk', 'en'] as const;
export type Language = (typeof languages)[number];
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { ru, kk, en };
const locales: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };
const storageKey = 'ptc.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  number(value: number | null | undefined, digits?: number): string;
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function stored(): Language {
  const value = localStorage.getItem(storageKey);
  return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : 'ru';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(stored);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const locale = locales[language];
  const dictionary = dictionaries[language];
  const value: I18n = {
    language,
    setLanguage: (next) => {
      localStorage.setItem(storageKey, next);
      setLanguageState(next);
    },
    t: (key, values) => {
      const text = dictionary[key] ?? ru[key] ?? key;
      return values ? text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match)) : text;
    },
    number: (value, digits = 0) => (value === null || value === undefined ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)),
    date: (value) => (value ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(value)) : '—'),
    dateTime: (value) => (value ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(value)) : '—'),
  };
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

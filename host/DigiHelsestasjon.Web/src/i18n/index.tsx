import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { nb, type Texts } from './nb';
import { nn } from './nn';
import { setApiLanguage } from '../api/http';

export type Language = 'nb' | 'nn';
export type TextKey = keyof Texts;

const dictionaries: Record<Language, Texts> = { nb, nn };
const storageKey = 'dh.language';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: TextKey, values?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

function remembered(): Language {
  try {
    return window.localStorage.getItem(storageKey) === 'nn' ? 'nn' : 'nb';
  } catch {
    return 'nb';
  }
}

export function translate(language: Language, key: TextKey, values?: Record<string, string | number>): string {
  // A key the dictionaries lack (a code from the server the pages do not know yet) shows as itself.
  let text: string = dictionaries[language][key] ?? key;
  for (const [name, value] of Object.entries(values ?? {})) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(remembered);
  // Set during render, not in an effect: the pages' first calls (their effects run before this provider's) need it.
  setApiLanguage(language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((value: Language) => {
    setLanguageState(value);
    try {
      // The person's choice, remembered on this device (quick exit from the youth chat forgets it with everything else).
      window.localStorage.setItem(storageKey, value);
    } catch {
      // Storage refused (private mode): the choice lasts for this visit.
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key, values) => translate(language, key, values) }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

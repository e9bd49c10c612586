import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/common.tsx';
import { languages, useI18n, type Language } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

export function SignInPage() {
  const { signIn } = useSession();
  const { t, language, setLanguage } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('app.name')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <h2>{t('page.signIn')}</h2>
        <label htmlFor="token">{t('signIn.token')}</label>
        <input id="token" name="token" type="password" autoComplete="off" required value={token} onChange={(event) => setToken(event.target.value)} />
        <p className="hint">{t('signIn.hint')}</p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          {t('signIn.submit')}
        </button>
        <ErrorNotice error={error} />
        <label htmlFor="sign-in-language">{t('language.label')}</label>
        <select id="sign-in-language" value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
          {languages.map((code) => (
            <option key={code} value={code}>
              {t(`language.${code}`)}
            </option>
          ))}
        </select>
      </form>
    </main>
  );
}

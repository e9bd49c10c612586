// Sign in with a token, or, when the centre's identity provider is configured (GET /oidc says so),
// with the organisation's account: a plain link to /api/v1/oidc/login, which redirects there.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { OidcStatus } from '../api/types.ts';
import { ErrorNotice } from '../components/common.tsx';
import { languages, useI18n, type Language } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

/** The refusals of an organisation sign-in the page explains in words (the service's error codes). */
const refusedCodes = ['NO_MAPPED_ROLE', 'PERSON_INACTIVE', 'ROLE_NOT_HELD', 'OIDC_STATE_MISMATCH', 'OIDC_REFUSED'] as const;
type RefusedCode = (typeof refusedCodes)[number];

export function SignInPage() {
  const { signIn } = useSession();
  const { t, language, setLanguage } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const oidc = useQuery({ queryKey: ['oidc'], queryFn: () => api.get<OidcStatus>('/oidc'), staleTime: Infinity });
  // A sign-in the organisation's account refused comes back here with its code.
  const refusal = new URLSearchParams(window.location.search).get('sign_in_error');

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
      {refusal && (
        <p className="error" role="alert">
          {refusedCodes.includes(refusal as RefusedCode) ? t(`signIn.refused.${refusal as RefusedCode}`) : t('signIn.refused.other', { code: refusal.slice(0, 60) })}
        </p>
      )}
      {oidc.data?.enabled && (
        <div className="oidc">
          <a className="button primary" href={oidc.data.login_path}>
            {t('signIn.oidc')}
          </a>
          <p className="hint">{t('signIn.oidcHint')}</p>
        </div>
      )}
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

// Every signed-in page: a skip link, the navigation of what the role may see, the search by
// declaration number or BIN, the language, who is signed in, and sign-out.
import { useState, type FormEvent, type ReactNode } from 'react';
import { languages, useI18n, type Language } from '../i18n/i18n.tsx';
import { pages } from '../pages/registry.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { may, useSession } from '../session.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const { t, language, setLanguage } = useI18n();
  const location = useLocation();
  const [search, setSearch] = useState('');
  const visible = pages.filter((page) => page.nav && may(session, page.permission));

  const find = (event: FormEvent) => {
    event.preventDefault();
    const query = search.trim();
    if (query) navigate(`/find?q=${encodeURIComponent(query)}`);
  };

  return (
    <>
      <a className="skip" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {visible.map((page) => (
              <li key={page.id}>
                <Link to={page.path} aria-current={location.path === page.path ? 'page' : undefined}>
                  {t(page.title)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {may(session, 'consignments:read') && (
          <form role="search" className="search" onSubmit={find}>
            <label htmlFor="global-search" className="visually-hidden">
              {t('search.label')}
            </label>
            <input id="global-search" type="search" value={search} placeholder={t('search.placeholder')} onChange={(event) => setSearch(event.target.value)} />
            <button type="submit">{t('search.submit')}</button>
          </form>
        )}
        <label className="language">
          <span className="visually-hidden">{t('language.label')}</span>
          <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
            {languages.map((code) => (
              <option key={code} value={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="who">
          {session?.person_name ?? session?.name} · {session && t(`role.${session.role}`)}
        </span>
        <button type="button" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

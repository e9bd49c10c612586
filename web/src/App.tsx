// The shell: sign-in when no session, else the page the address names, if the role may see it.
import { Suspense, useEffect } from 'react';
import { Layout } from './components/Layout.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { findPage, homeOrder, pages } from './pages/registry.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { navigate, useLocation } from './router.tsx';
import { may, useSession } from './session.tsx';

export function App() {
  const { session, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const found = findPage(location.path);
  const title = found ? t(found.page.title) : session ? t('page.notFound') : t('page.signIn');

  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);

  useEffect(() => {
    if (session && location.path === '/') {
      const home = homeOrder.map((id) => pages.find((candidate) => candidate.id === id)!).find((candidate) => may(session, candidate.permission));
      if (home) navigate(home.path, { replace: true });
    }
  }, [session, location.path]);

  if (loading) return <p className="loading">{t('common.loading')}</p>;
  if (!session) return <SignInPage />;
  let content;
  if (location.path === '/') content = <p>{t('common.loading')}</p>;
  else if (!found) content = <h1>{t('page.notFound')}</h1>;
  else if (!may(session, found.page.permission)) {
    content = (
      <section aria-labelledby="forbidden">
        <h1 id="forbidden">{t('page.forbidden')}</h1>
        <p role="alert">{t('forbidden.text', { role: t(`role.${session.role}`) })}</p>
      </section>
    );
  } else {
    const Page = found.page.component;
    content = (
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <Page key={location.path} params={found.params} />
      </Suspense>
    );
  }
  return <Layout>{content}</Layout>;
}

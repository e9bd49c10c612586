// Tokens: issue one (its secret shown once, here), see them all, revoke one at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { roles } from '../../../server/services/access.ts';
import { api } from '../api/client.ts';
import type { IssuedToken, List, Role, Token } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export default function TokensPage() {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api.get<List<Token>>('/tokens') });
  const [form, setForm] = useState<{ role: Role; name: string; expires: string }>({ role: 'analyst', name: '', expires: '' });
  const issue = useMutation({
    mutationFn: () => api.post<IssuedToken>('/tokens', { role: form.role, name: form.name.trim(), ...(form.expires && { expires_at: new Date(form.expires).toISOString() }) }),
    onSuccess: () => {
      setForm({ ...form, name: '', expires: '' });
      void client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<Token>(`/tokens/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate();
  };

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t('page.tokens')}</h1>
      <form className="panel filters" onSubmit={submit} aria-labelledby="token-new">
        <h2 id="token-new">{t('tokens.issue')}</h2>
        <label htmlFor="token-role">{t('tokens.role')}</label>
        <select id="token-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        <label htmlFor="token-name">{t('tokens.name')}</label>
        <input id="token-name" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} required />
        <label htmlFor="token-expires">{t('tokens.expires')}</label>
        <input id="token-expires" type="datetime-local" value={form.expires} onChange={(event) => setForm({ ...form, expires: event.target.value })} />
        <button type="submit" disabled={issue.isPending}>
          {t('tokens.issueButton')}
        </button>
        <ErrorNotice error={issue.error} />
      </form>
      {issue.data && (
        <div className="panel secret" role="status">
          <p>{t('tokens.shownOnce', { name: issue.data.name })}</p>
          <label htmlFor="issued-secret">{t('tokens.secret')}</label>
          <input id="issued-secret" readOnly value={issue.data.token} size={60} onFocus={(event) => event.target.select()} />
        </div>
      )}
      <ErrorNotice error={revoke.error} />
      {tokens.isPending ? (
        <Loading />
      ) : tokens.error ? (
        <ErrorNotice error={tokens.error} />
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.role')}</th>
              <th scope="col">{t('field.created')}</th>
              <th scope="col">{t('tokens.expires')}</th>
              <th scope="col">{t('field.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('tokens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{t(`role.${token.role}`)}</td>
                <td>{dateTime(token.created_at)}</td>
                <td>{dateTime(token.expires_at)}</td>
                <td>{token.revoked_at ? t('tokens.revokedAt', { at: dateTime(token.revoked_at) }) : t('tokens.active')}</td>
                <td>
                  {!token.revoked_at && (
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(t('tokens.confirmRevoke', { name: token.name }))) revoke.mutate(token.id);
                      }}
                      aria-label={t('tokens.revokeNamed', { name: token.name })}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

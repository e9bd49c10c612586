// The audit trail, newest first, with its hash chain verified on demand.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { AuditEntry, List } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { setQuery, useLocation } from '../router.tsx';

interface Verification {
  valid: boolean;
  entries: number;
  first_mismatch: { id: number; reason: string } | null;
}

export default function AuditPage() {
  const { t, dateTime, number } = useI18n();
  const { query } = useLocation();
  const filters = { action: query.get('action') ?? undefined, subject: query.get('subject') ?? undefined, subject_id: query.get('subject_id') ?? undefined };
  const [draft, setDraft] = useState(filters);
  const entries = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => api.get<List<AuditEntry> & { next_before_id: number | null }>('/audit', { ...filters, limit: 100, before_id: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next_before_id ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => api.post<Verification>('/audit/verify') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('page.audit')}</h1>
        <button type="button" className="primary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {t('audit.verify')}
        </button>
      </div>
      <ErrorNotice error={verify.error} />
      {verify.data && (
        <p role="status" className={verify.data.valid ? 'ok' : 'error'}>
          {verify.data.valid
            ? t('audit.valid', { entries: number(verify.data.entries) })
            : t('audit.broken', { id: verify.data.first_mismatch?.id ?? '?', reason: verify.data.first_mismatch?.reason ?? '' })}
        </p>
      )}
      <form className="filters" onSubmit={submit}>
        <label htmlFor="audit-action">{t('audit.action')}</label>
        <input id="audit-action" value={draft.action ?? ''} onChange={(event) => setDraft({ ...draft, action: event.target.value || undefined })} placeholder="alert.change" />
        <label htmlFor="audit-subject">{t('audit.subject')}</label>
        <input id="audit-subject" value={draft.subject ?? ''} onChange={(event) => setDraft({ ...draft, subject: event.target.value || undefined })} placeholder="alert" />
        <label htmlFor="audit-subject-id">{t('audit.subjectId')}</label>
        <input id="audit-subject-id" value={draft.subject_id ?? ''} onChange={(event) => setDraft({ ...draft, subject_id: event.target.value || undefined })} />
        <button type="submit">{t('common.apply')}</button>
      </form>
      <ErrorNotice error={entries.error} />
      {entries.isPending ? (
        <Loading />
      ) : (
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col" className="number">#</th>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.id}>
                <td className="number">{entry.id}</td>
                <td>{dateTime(entry.at)}</td>
                <td>{entry.actor ? `${entry.actor.name ?? entry.actor.token_id} (${entry.actor.role ?? ''})` : t('alert.system')}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{[entry.subject, entry.subject_id].filter(Boolean).join(' ') || '—'}</td>
                <td>
                  <code title={entry.hash}>{entry.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNextPage && (
        <button type="button" onClick={() => void entries.fetchNextPage()}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}

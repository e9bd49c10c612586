// Drafts waiting for publication, each with its diff against the live version. Publishing is a
// supervisor's act (never the author's own draft); the API has no rejection yet, so there is none here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { List, Rule, RuleDraft } from '../api/types.ts';
import { diffLines, ruleText } from '../components/diff.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export default function DraftsPage() {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const drafts = useQuery({ queryKey: ['drafts'], queryFn: () => api.get<List<RuleDraft>>('/rule-drafts') });
  const publish = useMutation({
    mutationFn: (draft: Rule) => api.post<Rule>(`/rules/${encodeURIComponent(draft.id)}/versions/${draft.version}/publish`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['drafts'] }),
  });
  if (drafts.isPending) return <Loading />;
  if (drafts.error) return <ErrorNotice error={drafts.error} />;
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">{t('page.drafts')}</h1>
      <ErrorNotice error={publish.error} />
      {publish.isSuccess && <p role="status">{t('drafts.published', { id: publish.data.id, version: publish.data.version })}</p>}
      {drafts.data.items.length === 0 ? (
        <p>{t('drafts.none')}</p>
      ) : (
        drafts.data.items.map(({ draft, live }) => (
          <article key={`${draft.id}:${draft.version}`} className="panel" aria-labelledby={`draft-${draft.id}-${draft.version}`}>
            <h2 id={`draft-${draft.id}-${draft.version}`}>
              {draft.name} <span className="muted">{t('alert.ruleRef', { id: draft.id, version: draft.version })}</span>
            </h2>
            <p>
              {t('drafts.by', { author: draft.created_by ?? '—', at: dateTime(draft.created_at) })} ·{' '}
              {live ? t('drafts.replaces', { version: live.version }) : t('drafts.newRule')}
            </p>
            <pre className="diff" aria-label={t('drafts.diff')} tabIndex={0}>
              {diffLines(ruleText(live), ruleText(draft)).map((line, index) => (
                <span key={index} className={`diff-${line.kind}`}>
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                  {line.text}
                  {'\n'}
                </span>
              ))}
            </pre>
            <button type="button" className="primary" disabled={publish.isPending} onClick={() => publish.mutate(draft)}>
              {t('drafts.publish', { id: draft.id, version: draft.version })}
            </button>
          </article>
        ))
      )}
    </section>
  );
}

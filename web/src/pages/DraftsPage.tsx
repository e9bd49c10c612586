// Drafts waiting for publication, each with its diff against the live version. A supervisor
// publishes (with a comment) or rejects (with a reason) a draft, never their own (four eyes); an
// author withdraws their own draft with a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { List, Rule, RuleDraft } from '../api/types.ts';
import { ruleText } from '../components/diff.ts';
import { DiffView } from '../components/DiffView.tsx';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ruleName } from '../rule-editor/rule-document.ts';
import { Link } from '../router.tsx';
import { may, useSession } from '../session.tsx';

type Decision = 'publish' | 'reject' | 'withdraw';
const decided = { publish: 'drafts.published', reject: 'drafts.rejected', withdraw: 'drafts.withdrawn' } as const;

export default function DraftsPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const drafts = useQuery({ queryKey: ['drafts'], queryFn: () => api.get<List<RuleDraft>>('/rule-drafts') });
  const [done, setDone] = useState<{ decision: Decision; rule: Rule } | null>(null);
  if (drafts.isPending) return <Loading />;
  if (drafts.error) return <ErrorNotice error={drafts.error} />;
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">{t('page.drafts')}</h1>
      {done && (
        <p role="status" className="ok">
          {t(decided[done.decision], { id: done.rule.id, version: done.rule.version })}
        </p>
      )}
      {drafts.data.items.length === 0 ? (
        <p>{t('drafts.none')}</p>
      ) : (
        drafts.data.items.map((item) => (
          <DraftCard
            key={`${item.draft.id}:${item.draft.version}`}
            item={item}
            onDecided={(decision, rule) => {
              setDone({ decision, rule });
              void client.invalidateQueries({ queryKey: ['drafts'] });
              void client.invalidateQueries({ queryKey: ['rule-versions', rule.id] });
              void client.invalidateQueries({ queryKey: ['rules'] });
            }}
          />
        ))
      )}
    </section>
  );
}

function DraftCard({ item: { draft, live, author_name: authorName }, onDecided }: { item: RuleDraft; onDecided(decision: Decision, rule: Rule): void }) {
  const { t, dateTime, language } = useI18n();
  const { session } = useSession();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: async (decision: Decision) => {
      const path = `/rules/${encodeURIComponent(draft.id)}/versions/${draft.version}/${decision}`;
      const rule = await api.post<Rule>(path, decision === 'publish' ? (note.trim() ? { comment: note.trim() } : {}) : { reason: note.trim() });
      return { decision, rule };
    },
    onSuccess: ({ decision, rule }) => onDecided(decision, rule),
  });
  const heading = `draft-${draft.id}-${draft.version}`;
  const noteId = `${heading}-note`;
  const needsReason = note.trim() === '';
  return (
    <article className="panel" aria-labelledby={heading}>
      <h2 id={heading}>
        <Link to={`/rules/${encodeURIComponent(draft.id)}`}>{ruleName(draft, language)}</Link> <span className="muted">{t('alert.ruleRef', { id: draft.id, version: draft.version })}</span>
      </h2>
      <p>
        {t('drafts.by', { author: authorName ?? draft.created_by ?? '—', at: dateTime(draft.created_at) })} ·{' '}
        {live ? t('drafts.replaces', { version: live.version }) : t('drafts.newRule')}
        {draft.rollback_of !== null && <> · {t('drafts.rollbackOf', { version: draft.rollback_of })}</>}
      </p>
      <DiffView before={ruleText(live)} after={ruleText(draft)} label={t('drafts.diff')} />
      <div className="stack">
        <label htmlFor={noteId}>{t('drafts.note')}</label>
        <textarea id={noteId} rows={2} value={note} onChange={(event) => setNote(event.target.value)} aria-describedby={`${noteId}-hint`} />
        <p className="hint" id={`${noteId}-hint`}>
          {t('drafts.noteHint')}
        </p>
      </div>
      <p className="filters">
        {may(session, 'rules:publish') && (
          <>
            <button type="button" className="primary" disabled={decide.isPending} onClick={() => decide.mutate('publish')}>
              {t('drafts.publish', { id: draft.id, version: draft.version })}
            </button>
            <button type="button" disabled={decide.isPending || needsReason} onClick={() => decide.mutate('reject')}>
              {t('drafts.reject', { id: draft.id, version: draft.version })}
            </button>
          </>
        )}
        {may(session, 'rules:write') && (
          <button type="button" disabled={decide.isPending || needsReason} onClick={() => decide.mutate('withdraw')}>
            {t('drafts.withdraw', { id: draft.id, version: draft.version })}
          </button>
        )}
      </p>
      <ErrorNotice error={decide.error} />
    </article>
  );
}

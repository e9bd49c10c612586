// One rule: its live version and drafts, every version with the diff of any two, and for rule
// authors the studio: the document in an editor (checked and completed as it is typed), Validate,
// Save as draft (naming the version edited, so another author's save is not overwritten), the
// test cases, a dry run on one consignment or holder, and a backtest over a period.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Fact, List, Rule } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { editableText, ruleName } from '../rule-editor/rule-document.ts';
import { may, useSession } from '../session.tsx';
import type { PageProps } from './registry.ts';
import { RuleStudio } from './rule/RuleStudio.tsx';
import { VersionsPanel } from './rule/VersionsPanel.tsx';

export default function RulePage({ params }: PageProps) {
  const { t, language } = useI18n();
  const { session } = useSession();
  const ruleId = params.id!;
  const versions = useQuery({ queryKey: ['rule-versions', ruleId], queryFn: () => api.get<List<Rule>>(`/rules/${encodeURIComponent(ruleId)}/versions`) });
  const canWrite = may(session, 'rules:write');
  const schema = useQuery({ queryKey: ['rule-schema'], queryFn: () => api.get<Record<string, unknown>>('/rules/schema'), staleTime: Infinity, enabled: canWrite });
  const facts = useQuery({ queryKey: ['facts'], queryFn: () => api.get<List<Fact>>('/facts'), staleTime: Infinity, enabled: canWrite });
  if (versions.isPending) return <Loading />;
  if (versions.error) return <ErrorNotice error={versions.error} />;

  const items = versions.data.items;
  const live = items.find((version) => version.live) ?? null;
  const waiting = items.filter((version) => version.status === 'draft' && version.version > (live?.version ?? 0));
  const shown = live ?? items[0]!;
  return (
    <section aria-labelledby="rule-title">
      <h1 id="rule-title">
        {ruleName(shown, language)} <span className="muted">{ruleId}</span>
      </h1>
      <dl className="facts">
        <dt>{t('rules.live')}</dt>
        <dd>{live ? `v${live.version}` : t('rules.neverPublished')}</dd>
        <dt>{t('rules.drafts')}</dt>
        <dd>{waiting.length === 0 ? '—' : waiting.map((draft) => `v${draft.version}`).join(', ')}</dd>
        <dt>{t('rules.severity')}</dt>
        <dd>
          {t(`severity.${shown.severity}`)} · {t('alert.points', { score: shown.score })} · {shown.enabled ? t('rules.enabled') : t('rules.disabled')}
        </dd>
        <dt>{t('rules.scope')}</dt>
        <dd>{t(`subject.${shown.scope}`)}</dd>
        {shown.inactive_reason && (
          <>
            <dt>{t('field.status')}</dt>
            <dd>{t('rules.inactive', { reason: shown.inactive_reason })}</dd>
          </>
        )}
      </dl>
      {canWrite ? (
        schema.isPending || facts.isPending ? (
          <Loading />
        ) : (
          <RuleStudio
            ruleId={ruleId}
            versions={items}
            opened={waiting[waiting.length - 1] ?? live ?? items[0]!}
            schema={schema.data ?? null}
            facts={facts.data?.items ?? []}
          />
        )
      ) : (
        <section aria-labelledby="document-title">
          <h2 id="document-title">{t('studio.document', { version: shown.version })}</h2>
          <pre className="document" tabIndex={0}>
            {editableText(shown)}
          </pre>
        </section>
      )}
      <VersionsPanel ruleId={ruleId} versions={items} />
    </section>
  );
}

// Every rule: its live version, status, severity, scope, and the drafts waiting for publication
// (a rule never published is listed by its drafts). Each opens the rule's page.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { List, Rule, RuleDraft } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { ruleName } from '../rule-editor/rule-document.ts';

interface RuleRow {
  id: string;
  shown: Rule;
  live: Rule | null;
  drafts: Rule[];
}

export default function RulesPage() {
  const { t, language } = useI18n();
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api.get<List<Rule>>('/rules') });
  const drafts = useQuery({ queryKey: ['drafts'], queryFn: () => api.get<List<RuleDraft>>('/rule-drafts') });
  if (rules.isPending || drafts.isPending) return <Loading />;
  if (rules.error || drafts.error) return <ErrorNotice error={rules.error ?? drafts.error} />;

  const rows = new Map<string, RuleRow>();
  for (const rule of rules.data.items) rows.set(rule.id, { id: rule.id, shown: rule, live: rule, drafts: [] });
  for (const { draft } of drafts.data.items) {
    const row = rows.get(draft.id) ?? { id: draft.id, shown: draft, live: null, drafts: [] };
    row.drafts.push(draft);
    rows.set(draft.id, row);
  }
  const sorted = [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('page.rules')}</h1>
      <p className="hint">{t('rules.intro', { rules: sorted.length, drafts: drafts.data.items.length })}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('rules.rule')}</th>
            <th scope="col">{t('rules.live')}</th>
            <th scope="col">{t('field.status')}</th>
            <th scope="col">{t('rules.severity')}</th>
            <th scope="col" className="number">{t('field.score')}</th>
            <th scope="col">{t('rules.scope')}</th>
            <th scope="col">{t('rules.drafts')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map(({ id, shown, live, drafts: waiting }) => (
            <tr key={id}>
              <td>
                <Link to={`/rules/${encodeURIComponent(id)}`}>{ruleName(shown, language)}</Link>
                <div className="muted">{id}</div>
              </td>
              <td>{live ? `v${live.version}` : '—'}</td>
              <td>
                {live ? (live.enabled ? t('rules.enabled') : t('rules.disabled')) : t('rules.neverPublished')}
                {live?.inactive_reason && <div className="muted">{t('rules.inactive', { reason: live.inactive_reason })}</div>}
              </td>
              <td>{t(`severity.${shown.severity}`)}</td>
              <td className="number">{shown.score}</td>
              <td>{t(`subject.${shown.scope}`)}</td>
              <td>{waiting.length === 0 ? '—' : waiting.map((draft) => `v${draft.version}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

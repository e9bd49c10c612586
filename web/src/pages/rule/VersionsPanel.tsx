// Every version of a rule with its status and decision, and the diff of any two: where their
// documents differ, and which subjects of the period each alone fires on.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Rule, RuleDiff } from '../../api/types.ts';
import { ruleText } from '../../components/diff.ts';
import { DiffView } from '../../components/DiffView.tsx';
import { ErrorNotice, Loading } from '../../components/common.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export function VersionsPanel({ ruleId, versions }: { ruleId: string; versions: Rule[] }) {
  const { t, dateTime, number } = useI18n();
  const newest = versions[0]!;
  const older = versions.find((version) => version.live && version.version !== newest.version) ?? versions[1] ?? newest;
  const [pair, setPair] = useState({ from: older.version, to: newest.version });
  const diff = useQuery({
    queryKey: ['rule-diff', ruleId, pair.from, pair.to],
    queryFn: () => api.get<RuleDiff>(`/rules/${encodeURIComponent(ruleId)}/diff`, { from: pair.from, to: pair.to }),
    enabled: pair.from !== pair.to,
  });
  const byVersion = (version: number) => versions.find((candidate) => candidate.version === version) ?? null;

  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('studio.versions')}</h2>
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">{t('studio.version')}</th>
            <th scope="col">{t('field.status')}</th>
            <th scope="col">{t('field.created')}</th>
            <th scope="col">{t('studio.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>
                v{version.version}
                {version.live && <strong> · {t('studio.liveMark')}</strong>}
              </td>
              <td>{t(`studio.status.${version.status}`)}</td>
              <td>
                {dateTime(version.created_at)} <span className="muted">{version.created_by ?? t('studio.shippedPack')}</span>
              </td>
              <td>
                {version.decided_at ? dateTime(version.decided_at) : '—'} {version.decision_comment && <q>{version.decision_comment}</q>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 && (
        <>
          <h3>{t('studio.diff')}</h3>
          <div className="filters">
            <label htmlFor="diff-from">{t('studio.diffFrom')}</label>
            <select id="diff-from" value={pair.from} onChange={(event) => setPair({ ...pair, from: Number(event.target.value) })}>
              {versions.map((version) => (
                <option key={version.version} value={version.version}>
                  v{version.version}
                </option>
              ))}
            </select>
            <label htmlFor="diff-to">{t('studio.diffTo')}</label>
            <select id="diff-to" value={pair.to} onChange={(event) => setPair({ ...pair, to: Number(event.target.value) })}>
              {versions.map((version) => (
                <option key={version.version} value={version.version}>
                  v{version.version}
                </option>
              ))}
            </select>
          </div>
          <DiffView before={ruleText(byVersion(pair.from))} after={ruleText(byVersion(pair.to))} label={t('drafts.diff')} />
          {diff.isFetching && <Loading />}
          <ErrorNotice error={diff.error} />
          {diff.data && (
            <p role="status">
              {t('studio.diffEffect', {
                evaluated: number(diff.data.effect.evaluated),
                both: number(diff.data.effect.both),
                onlyFrom: number(diff.data.effect.only_from),
                onlyTo: number(diff.data.effect.only_to),
                from: diff.data.from,
                to: diff.data.to,
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

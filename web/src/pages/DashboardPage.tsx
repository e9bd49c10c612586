// The supervisor's dashboard: lane rates by week, the open queue and its age, alerts by
// substance, and how precise each rule has been on the alerts analysts closed.
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { lanes } from '../../../rules/score.ts';
import { api } from '../api/client.ts';
import type { Dashboard, List, RuleStat } from '../api/types.ts';
import { ErrorNotice, Loading, SubstanceName } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';

const laneColour = { red: '#b3261e', yellow: '#c98a00', green: '#2e7d32' } as const;

export default function DashboardPage() {
  const { t, number, date } = useI18n();
  const figures = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard', { weeks: 12 }) });
  const stats = useQuery({ queryKey: ['rule-stats'], queryFn: () => api.get<List<RuleStat>>('/rules/stats') });
  if (figures.isPending) return <Loading />;
  if (figures.error) return <ErrorNotice error={figures.error} />;
  const data = figures.data;
  const weeks = [...new Set(data.lanes_by_week.map((row) => row.week))];
  const substances = [...new Set(data.by_substance.map((row) => row.substance ?? '—'))];
  const maxSubstance = Math.max(1, ...substances.map((name) => data.by_substance.filter((row) => (row.substance ?? '—') === name).reduce((sum, row) => sum + row.alerts, 0)));

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('page.dashboard')}</h1>
      <div className="grid">
        <section aria-labelledby="d-lanes" className="panel">
          <h2 id="d-lanes">{t('dashboard.lanesByWeek')}</h2>
          {weeks.length === 0 ? (
            <p>{t('dashboard.noData')}</p>
          ) : (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.week')}</th>
                  {lanes.map((lane) => (
                    <th key={lane} scope="col" className="number">
                      {t(`lane.${lane}`)}, %
                    </th>
                  ))}
                  <th scope="col">{t('dashboard.share')}</th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => {
                  const rows = data.lanes_by_week.filter((row) => row.week === week);
                  const total = rows.reduce((sum, row) => sum + row.consignments, 0) || 1;
                  const share = (lane: string) => ((rows.find((row) => row.lane === lane)?.consignments ?? 0) / total) * 100;
                  return (
                    <tr key={week}>
                      <th scope="row">{date(week)}</th>
                      {lanes.map((lane) => (
                        <td key={lane} className="number">
                          {number(share(lane), 1)}
                        </td>
                      ))}
                      <td>
                        <svg width="160" height="12" aria-hidden="true">
                          {lanes.reduce<{ x: number; parts: ReactElement[] }>(
                            (acc, lane) => {
                              const width = (share(lane) / 100) * 160;
                              acc.parts.push(<rect key={lane} x={acc.x} y={0} width={width} height={12} fill={laneColour[lane]} />);
                              return { x: acc.x + width, parts: acc.parts };
                            },
                            { x: 0, parts: [] },
                          ).parts}
                        </svg>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="d-queue" className="panel">
          <h2 id="d-queue">{t('dashboard.queue')}</h2>
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('field.status')}</th>
                <th scope="col" className="number">{t('dashboard.alerts')}</th>
                <th scope="col" className="number">{t('dashboard.medianAge')}</th>
                <th scope="col" className="number">{t('dashboard.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {data.queue.map((row) => (
                <tr key={row.status}>
                  <th scope="row">
                    <Link to={`/queue?status=${row.status}`}>{t(`status.${row.status as 'new'}`)}</Link>
                  </th>
                  <td className="number">{number(row.alerts)}</td>
                  <td className="number">{number(row.median_hours, 1)}</td>
                  <td className="number">{number(row.oldest_hours, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="d-substance" className="panel">
          <h2 id="d-substance">{t('dashboard.bySubstance')}</h2>
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('field.substance')}</th>
                <th scope="col" className="number">{t('dashboard.alerts')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('dashboard.bar')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {substances.map((name) => {
                const rows = data.by_substance.filter((row) => (row.substance ?? '—') === name);
                const total = rows.reduce((sum, row) => sum + row.alerts, 0);
                return (
                  <tr key={name}>
                    <th scope="row">{name === '—' ? name : <SubstanceName value={name} />}</th>
                    <td className="number">{number(total)}</td>
                    <td>
                      <svg width="140" height="10" aria-hidden="true">
                        <rect width={(total / maxSubstance) * 140} height={10} fill="#3b5b92" />
                      </svg>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="d-precision" className="panel">
          <h2 id="d-precision">{t('dashboard.precision')}</h2>
          <ErrorNotice error={stats.error} />
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.rule')}</th>
                <th scope="col" className="number">{t('dashboard.hits')}</th>
                <th scope="col" className="number">{t('dashboard.closed')}</th>
                <th scope="col" className="number">{t('dashboard.confirmed')}</th>
                <th scope="col" className="number">{t('dashboard.precisionShort')}</th>
              </tr>
            </thead>
            <tbody>
              {(stats.data?.items ?? []).slice(0, 15).map((row) => (
                <tr key={`${row.rule_id}:${row.rule_version}`}>
                  <th scope="row">
                    {row.rule_id} v{row.rule_version}
                  </th>
                  <td className="number">{number(row.hits)}</td>
                  <td className="number">{number(row.closed)}</td>
                  <td className="number">{number(row.confirmed)}</td>
                  <td className="number">{row.precision === null ? '—' : `${number(row.precision * 100, 0)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </section>
  );
}

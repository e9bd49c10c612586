// A backtest of the document being edited over a period: the subjects it starts and stops firing
// on, the pack's lane rates before and after, the hits a page at a time, and every hit as CSV.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Backtest } from '../../api/types.ts';
import { ErrorNotice, LaneBadge, Loading } from '../../components/common.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';

const pageSize = 20;
const lanes = ['red', 'yellow', 'green'] as const;

interface Run {
  rule: Record<string, unknown>;
  from?: string;
  to?: string;
  /** Each press of Run is a new run, even of the same document. */
  serial: number;
}

export function BacktestPanel({ document }: { document: () => Record<string, unknown> | null }) {
  const { t, number, language } = useI18n();
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [run, setRun] = useState<Run | null>(null);
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<unknown>(null);
  const result = useQuery({
    queryKey: ['backtest', run, offset],
    enabled: run !== null,
    queryFn: () => api.post<Backtest>('/rules/backtest', { rule: run!.rule, from: run!.from, to: run!.to, offset, limit: pageSize }),
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const rule = document();
    setProblem(rule ? null : t('studio.fixJsonFirst'));
    if (!rule) return;
    setOffset(0);
    setRun({ rule, from: period.from || undefined, to: period.to || undefined, serial: (run?.serial ?? 0) + 1 });
  };

  const downloadCsv = async () => {
    if (!run) return;
    setDownloading(null);
    try {
      const blob = await api.postForFile(`/rules/backtest/hits.csv?lang=${language}`, { rule: run.rule, from: run.from, to: run.to });
      const link = window.document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'backtest-hits.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (failure) {
      setDownloading(failure);
    }
  };

  const data = result.data;
  const rate = (value: number) => `${number(value * 100, 1)} %`;
  return (
    <section className="panel" aria-labelledby="backtest-title">
      <h2 id="backtest-title">{t('studio.backtest')}</h2>
      <form className="filters" onSubmit={submit}>
        <label htmlFor="backtest-from">{t('field.from')}</label>
        <input id="backtest-from" type="date" value={period.from} onChange={(event) => setPeriod({ ...period, from: event.target.value })} />
        <label htmlFor="backtest-to">{t('field.to')}</label>
        <input id="backtest-to" type="date" value={period.to} onChange={(event) => setPeriod({ ...period, to: event.target.value })} />
        <button type="submit" disabled={result.isFetching}>
          {t('studio.runBacktest')}
        </button>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
      <ErrorNotice error={result.error} />
      {result.isFetching && !data && <Loading />}
      {data && (
        <div role="status" aria-live="polite">
          <ul className="counts">
            <li>
              <strong>{number(data.evaluated)}</strong> {t('studio.evaluated')}
            </li>
            <li>
              <strong>{number(data.flagged)}</strong> {t('studio.flagged')}
            </li>
            <li>
              <strong>{number(data.starts)}</strong> {t('studio.starts')}
            </li>
            <li>
              <strong>{number(data.stops)}</strong> {t('studio.stops')}
            </li>
          </ul>
          <p className="hint">{data.live_version ? t('studio.comparedWith', { version: data.live_version }) : t('studio.noLive')}</p>
          <table className="data compact lane-rates">
            <caption>{t('studio.laneRates')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.lane')}</th>
                <th scope="col" className="number">{t('studio.before')}</th>
                <th scope="col" className="number">{t('studio.after')}</th>
              </tr>
            </thead>
            <tbody>
              {lanes.map((lane) => (
                <tr key={lane}>
                  <th scope="row">
                    <LaneBadge lane={lane} />
                  </th>
                  <td className="number">
                    {number(data.lanes.before[lane])} ({rate(data.lanes.before[`${lane}_rate`])})
                  </td>
                  <td className="number">
                    {number(data.lanes.after[lane])} ({rate(data.lanes.after[`${lane}_rate`])})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('studio.hits', { total: data.hits.total })}</h3>
          {data.hits.items.length > 0 && (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('field.declarationNo')}</th>
                  <th scope="col">{t('field.holder')}</th>
                  <th scope="col">{t('studio.change')}</th>
                  <th scope="col">{t('field.lane')}</th>
                  <th scope="col">{t('field.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {data.hits.items.map((hit) => (
                  <tr key={`${hit.subject_id}:${hit.change}`}>
                    <td>
                      {hit.declaration_no ? (
                        <Link to={`/consignments/${encodeURIComponent(hit.subject_id)}`}>
                          {hit.declaration_no}
                          {hit.item_no && hit.item_no > 1 ? ` / ${hit.item_no}` : ''}
                        </Link>
                      ) : (
                        hit.subject_id
                      )}
                    </td>
                    <td>{hit.holder_id ?? '—'}</td>
                    <td>{t(`studio.change.${hit.change}`)}</td>
                    <td>
                      <LaneBadge lane={hit.lane_before} /> → <LaneBadge lane={hit.lane_after} />
                    </td>
                    <td>{hit.reasons?.[language] ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="filters">
            <button type="button" disabled={offset === 0 || result.isFetching} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
              {t('studio.previous')}
            </button>
            <span>
              {t('studio.range', { from: data.hits.total === 0 ? 0 : offset + 1, to: Math.min(offset + pageSize, data.hits.total), total: data.hits.total })}
            </span>
            <button type="button" disabled={offset + pageSize >= data.hits.total || result.isFetching} onClick={() => setOffset(offset + pageSize)}>
              {t('studio.next')}
            </button>
            <button type="button" onClick={() => void downloadCsv()}>
              {t('studio.csv')}
            </button>
          </p>
          <ErrorNotice error={downloading} />
        </div>
      )}
    </section>
  );
}

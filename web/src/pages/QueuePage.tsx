// The analysts' queue: filters kept in the address, counts per lane, keyset pages, "next alert".
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { lanes } from '../../../rules/score.ts';
import { alertStatuses } from '../../../server/vocabularies.ts';
import { api } from '../api/client.ts';
import type { Alert, AlertCounts, AlertDetail, Page } from '../api/types.ts';
import { ErrorNotice, Kg, LaneBadge, Loading, useSubstances } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import { may, useSession } from '../session.tsx';

const filterNames = ['lane', 'status', 'substance', 'holder_id', 'declaration_no', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof filterNames)[number], string>>;

export default function QueuePage() {
  const { t, number, date } = useI18n();
  const { session } = useSession();
  const { query } = useLocation();
  const filters: Filters = Object.fromEntries(filterNames.map((name) => [name, query.get(name) ?? undefined]));
  const [draft, setDraft] = useState<Filters>(filters);
  const { lane: _lane, ...withoutLane } = filters;

  const substances = useSubstances();
  const counts = useQuery({ queryKey: ['alert-counts', withoutLane], queryFn: () => api.get<AlertCounts>('/alert-counts', withoutLane) });
  const alerts = useInfiniteQuery({
    queryKey: ['alerts', filters],
    queryFn: ({ pageParam }) => api.get<Page<Alert>>('/alerts', { ...filters, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const next = useMutation({
    mutationFn: () => api.post<AlertDetail>('/alerts/next'),
    onSuccess: (alert) => navigate(`/alerts/${alert.id}`),
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };
  const field = (name: keyof Filters) => ({
    id: `filter-${name}`,
    value: draft[name] ?? '',
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const countOf = (lane: string) => counts.data?.items.find((item) => item.lane === lane)?.alerts ?? 0;
  const rows = alerts.data?.pages.flatMap((page) => page.items) ?? [];
  const ready = rows.length > 0 && counts.data !== undefined;
  useEffect(() => {
    // The moment the queue can be worked (rows and counts shown): what bench:console measures.
    if (ready && performance.getEntriesByName('ptc:queue-ready').length === 0) performance.mark('ptc:queue-ready');
  }, [ready]);

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('page.queue')}</h1>
        {may(session, 'alerts:work') && (
          <button type="button" className="primary" onClick={() => next.mutate()} disabled={next.isPending}>
            {t('queue.next')}
          </button>
        )}
      </div>
      <ErrorNotice error={next.error} />
      <div className="lane-counts" role="group" aria-label={t('queue.countsLabel')}>
        <button type="button" aria-pressed={!filters.lane} onClick={() => setQuery({ lane: undefined })}>
          {t('queue.allLanes')} <strong>{number(counts.data?.total)}</strong>
        </button>
        {lanes.map((lane) => (
          <button key={lane} type="button" className={`lane-${lane}`} aria-pressed={filters.lane === lane} onClick={() => setQuery({ lane })}>
            {t(`lane.${lane}`)} <strong>{number(countOf(lane))}</strong>
          </button>
        ))}
      </div>
      <form className="filters" onSubmit={apply} aria-label={t('queue.filtersLabel')}>
        <label htmlFor="filter-status">{t('field.status')}</label>
        <select {...field('status')}>
          <option value="">{t('common.any')}</option>
          {alertStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
        <label htmlFor="filter-substance">{t('field.substance')}</label>
        <select {...field('substance')}>
          <option value="">{t('common.any')}</option>
          {substances.items.map((substance) => (
            <option key={substance.key} value={substance.key}>
              {substances.nameOf(substance.key)}
            </option>
          ))}
        </select>
        <label htmlFor="filter-holder_id">{t('field.holder')}</label>
        <input {...field('holder_id')} inputMode="numeric" size={14} />
        <label htmlFor="filter-declaration_no">{t('field.declarationNo')}</label>
        <input {...field('declaration_no')} size={20} />
        <label htmlFor="filter-from">{t('field.from')}</label>
        <input {...field('from')} type="date" />
        <label htmlFor="filter-to">{t('field.to')}</label>
        <input {...field('to')} type="date" />
        <button type="submit">{t('common.apply')}</button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            setQuery(Object.fromEntries(filterNames.map((name) => [name, undefined])));
          }}
        >
          {t('common.reset')}
        </button>
      </form>
      <ErrorNotice error={alerts.error ?? counts.error} />
      {alerts.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('queue.empty')}</p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('page.queue')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('field.lane')}</th>
              <th scope="col" className="number">{t('field.score')}</th>
              <th scope="col">{t('field.status')}</th>
              <th scope="col">{t('field.subject')}</th>
              <th scope="col">{t('field.holder')}</th>
              <th scope="col">{t('field.substance')}</th>
              <th scope="col" className="number">{t('field.quantity')}</th>
              <th scope="col">{t('field.created')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((alert) => (
              <tr key={alert.id}>
                <td>
                  <LaneBadge lane={alert.lane} />
                </td>
                <td className="number">{alert.score}</td>
                <td>{t(`status.${alert.status}`)}</td>
                <td>
                  <Link to={`/alerts/${alert.id}`}>
                    {alert.subject === 'consignment' ? `${alert.declaration_no ?? ''} / ${alert.item_no ?? ''}` : t('subject.holder')}
                  </Link>
                </td>
                <td>
                  {alert.holder_name ?? '—'} <span className="muted">{alert.holder_id}</span>
                </td>
                <td>{substances.nameOf(alert.substance)}</td>
                <td className="number">
                  <Kg value={alert.quantity_kg} />
                </td>
                <td>{date(alert.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {alerts.hasNextPage && (
        <button type="button" onClick={() => void alerts.fetchNextPage()} disabled={alerts.isFetchingNextPage}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}

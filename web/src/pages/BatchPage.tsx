// One batch: what it took and refused, its background assessment as it runs, and the rejected
// rows (line, column, reason) with the full rejects.csv.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../api/client.ts';
import type { AssessmentStatus, Batch, List, RowError } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { PageProps } from './registry.ts';

interface BatchAnswer {
  batch: Batch;
  assessment: AssessmentStatus;
}

const unfinished = (answer: BatchAnswer | undefined) =>
  answer !== undefined && (answer.batch.status === 'running' || answer.assessment?.status === 'queued' || answer.assessment?.status === 'running');

export default function BatchPage({ params }: PageProps) {
  const { t, number, dateTime } = useI18n();
  const batch = useQuery({
    queryKey: ['batch', params.id],
    queryFn: () => api.get<BatchAnswer>(`/imports/${params.id}`),
    refetchInterval: (query) => (unfinished(query.state.data) ? 1000 : false),
  });
  const rejects = useInfiniteQuery({
    queryKey: ['rejects', params.id],
    queryFn: ({ pageParam }) => api.get<List<RowError> & { next_after_line: number | null }>(`/imports/${params.id}/rejects`, { after_line: pageParam, limit: 100 }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next_after_line ?? undefined,
    enabled: batch.data !== undefined && batch.data.batch.rejected > 0,
  });
  if (batch.isPending) return <Loading />;
  if (batch.error) return <ErrorNotice error={batch.error} />;
  const { batch: data, assessment } = batch.data;
  const rows = rejects.data?.pages.flatMap((page) => page.items) ?? [];
  const counts = [
    ['batch.rows', data.rows],
    ['batch.accepted', data.accepted],
    ['batch.updated', data.updated],
    ['batch.duplicates', data.duplicates],
    ['batch.rejected', data.rejected],
  ] as const;

  return (
    <article aria-labelledby="batch-title">
      <h1 id="batch-title">{t('batch.title', { kind: t(`kind.${data.kind}`), file: data.file_name ?? data.id })}</h1>
      <dl className="facts">
        <dt>{t('field.status')}</dt>
        <dd>
          {t(`batchStatus.${data.status}`)}
          {data.error && ` · ${data.error.code}: ${data.error.message ?? ''}`}
        </dd>
        <dt>{t('field.started')}</dt>
        <dd>{dateTime(data.started_at)}</dd>
        <dt>{t('batch.file')}</dt>
        <dd>
          {data.encoding ?? '—'} · «{data.delimiter === '\t' ? 'TAB' : (data.delimiter ?? '—')}» · {number(data.bytes)} B
        </dd>
        {data.ignored_columns.length > 0 && (
          <>
            <dt>{t('batch.ignoredColumns')}</dt>
            <dd>{data.ignored_columns.join(', ')}</dd>
          </>
        )}
      </dl>
      <ul className="counts" aria-label={t('batch.counts')}>
        {counts.map(([key, value]) => (
          <li key={key}>
            <span>{t(key)}</span> <strong>{number(value)}</strong>
          </li>
        ))}
      </ul>
      <section aria-labelledby="assessment-title" className="panel">
        <h2 id="assessment-title">{t('batch.assessment')}</h2>
        {assessment ? (
          <p role="status">
            <label htmlFor="assessment-progress">
              {t(`job.${assessment.status}`)} · {t('batch.assessed', { assessed: number(assessment.assessed), subjects: number(assessment.subjects) })}
              {assessment.failed > 0 && ` · ${t('batch.failedSubjects', { failed: number(assessment.failed) })}`}
            </label>{' '}
            <progress id="assessment-progress" max={Math.max(assessment.subjects, 1)} value={assessment.status === 'done' ? Math.max(assessment.subjects, 1) : assessment.assessed} />
          </p>
        ) : (
          <p>{t('batch.noAssessment')}</p>
        )}
      </section>
      <section aria-labelledby="rejects-title">
        <h2 id="rejects-title">{t('batch.rejectedRows')}</h2>
        {data.rejected === 0 ? (
          <p>{t('batch.noRejects')}</p>
        ) : (
          <>
            <p>
              <a className="button" href={apiUrl(`/imports/${data.id}/rejects.csv`)} download>
                {t('batch.downloadRejects')}
              </a>
            </p>
            <ErrorNotice error={rejects.error} />
            <table className="data">
              <caption className="visually-hidden">{t('batch.rejectedRows')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">{t('field.line')}</th>
                  <th scope="col">{t('field.column')}</th>
                  <th scope="col">{t('field.code')}</th>
                  <th scope="col">{t('field.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.line}>
                    <td className="number">{row.line}</td>
                    <td>{row.column ?? '—'}</td>
                    <td>
                      <code>{row.code}</code>
                    </td>
                    <td>{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rejects.hasNextPage && (
              <button type="button" onClick={() => void rejects.fetchNextPage()}>
                {t('common.more')}
              </button>
            )}
          </>
        )}
      </section>
    </article>
  );
}

// One alert: what it is about, why it fired, where the goods went, what was done, and the
// analyst's actions (state changes with disposition and reason, comments, reports).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dispositions } from '../../../server/vocabularies.ts';
import { api } from '../api/client.ts';
import type { AlertDetail, AlertStatus, Disposition, Flow } from '../api/types.ts';
import { ErrorNotice, Kg, LaneBadge, Loading, ReportLinks, SubstanceName } from '../components/common.tsx';
import { Findings } from '../components/Findings.tsx';
import { FlowGraph } from '../components/FlowGraph.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { may, useSession } from '../session.tsx';
import type { PageProps } from './registry.ts';

/** Where an alert may go from each state (the API holds the full rules, supervisors' moves included). */
const nextStatuses: Record<AlertStatus, AlertStatus[]> = {
  new: ['in_review'],
  in_review: ['escalated', 'closed'],
  escalated: ['closed'],
  closed: ['in_review'],
};

export default function AlertPage({ params }: PageProps) {
  const { t, dateTime } = useI18n();
  const { session } = useSession();
  const client = useQueryClient();
  const alert = useQuery({ queryKey: ['alert', params.id], queryFn: () => api.get<AlertDetail>(`/alerts/${params.id}`) });
  const consignmentId = alert.data?.consignment_id;
  const flow = useQuery({
    queryKey: ['flow', consignmentId],
    queryFn: () => api.get<Flow>(`/consignments/${consignmentId}/flow`),
    enabled: consignmentId !== null && consignmentId !== undefined && may(session, 'consignments:read'),
  });
  const [status, setStatus] = useState<AlertStatus | ''>('');
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const updated = (detail: AlertDetail) => client.setQueryData(['alert', params.id], detail);
  const change = useMutation({
    mutationFn: () => api.patch<AlertDetail>(`/alerts/${params.id}`, { status, ...(status === 'closed' && { disposition }), ...(reason.trim() && { reason: reason.trim() }) }),
    onSuccess: (detail) => {
      updated(detail);
      setStatus('');
      setDisposition('');
      setReason('');
      void client.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  const addComment = useMutation({
    mutationFn: () => api.post<AlertDetail>(`/alerts/${params.id}/comments`, { text: comment.trim() }),
    onSuccess: (detail) => {
      updated(detail);
      setComment('');
    },
  });

  if (alert.isPending) return <Loading />;
  if (alert.error) return <ErrorNotice error={alert.error} />;
  const data = alert.data;
  const works = may(session, 'alerts:work');
  const needsReason = status === 'closed' || (data.status === 'closed' && status === 'in_review');
  const submitChange = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };

  return (
    <article aria-labelledby="alert-title">
      <div className="page-head">
        <h1 id="alert-title">
          {t('alert.title', { id: data.id })} <LaneBadge lane={data.lane} />
        </h1>
        <span className="score">{t('alert.score', { score: data.score })}</span>
      </div>
      <dl className="facts">
        <dt>{t('field.status')}</dt>
        <dd>
          {t(`status.${data.status}`)}
          {data.disposition && ` · ${t(`disposition.${data.disposition}`)}`}
        </dd>
        <dt>{t('field.assignee')}</dt>
        <dd>{data.assignee ? (data.assignee === session?.token_id ? t('alert.you') : data.assignee) : '—'}</dd>
        {data.subject === 'consignment' && (
          <>
            <dt>{t('field.declarationNo')}</dt>
            <dd>
              <Link to={`/consignments/${data.consignment_id}`}>
                {data.declaration_no} / {data.item_no}
              </Link>
            </dd>
          </>
        )}
        <dt>{t('field.holder')}</dt>
        <dd>
          <Link to={`/holders/${encodeURIComponent(data.holder_id)}`}>{data.holder_name ?? data.holder_id}</Link> <span className="muted">{data.holder_id}</span>
        </dd>
        <dt>{t('field.substance')}</dt>
        <dd><SubstanceName value={data.substance} /></dd>
        <dt>{t('field.quantity')}</dt>
        <dd>
          <Kg value={data.quantity_kg} />
        </dd>
        <dt>{t('field.assessed')}</dt>
        <dd>{dateTime(data.assessed_at)}</dd>
      </dl>
      {data.subject === 'consignment' ? (
        <ReportLinks path={`/reports/consignments/${data.consignment_id}.pdf`} label={t('report.consignment')} />
      ) : (
        <ReportLinks path={`/reports/holders/${encodeURIComponent(data.holder_id)}.pdf`} label={t('report.holder')} />
      )}

      {works && (
        <section aria-labelledby="decide-title" className="panel">
          <h2 id="decide-title">{t('alert.decide')}</h2>
          <form onSubmit={submitChange} className="stack">
            <label htmlFor="alert-status">{t('alert.newStatus')}</label>
            <select id="alert-status" value={status} onChange={(event) => setStatus(event.target.value as AlertStatus | '')} required>
              <option value="">{t('common.choose')}</option>
              {nextStatuses[data.status].map((next) => (
                <option key={next} value={next}>
                  {t(`status.${next}`)}
                </option>
              ))}
            </select>
            {status === 'closed' && (
              <>
                <label htmlFor="alert-disposition">{t('field.disposition')}</label>
                <select id="alert-disposition" value={disposition} onChange={(event) => setDisposition(event.target.value as Disposition | '')} required>
                  <option value="">{t('common.choose')}</option>
                  {dispositions.map((value) => (
                    <option key={value} value={value}>
                      {t(`disposition.${value}`)}
                    </option>
                  ))}
                </select>
              </>
            )}
            <label htmlFor="alert-reason">{t('field.reason')}</label>
            <textarea id="alert-reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} required={needsReason} />
            <button type="submit" disabled={change.isPending || status === ''}>
              {t('alert.apply')}
            </button>
            <ErrorNotice error={change.error} />
          </form>
        </section>
      )}

      <section aria-labelledby="findings-title">
        <h2 id="findings-title">{t('alert.findings')}</h2>
        <Findings hits={data.hits} />
      </section>

      {data.subject === 'consignment' && flow.data && (
        <section aria-labelledby="flow-title">
          <h2 id="flow-title">{t('alert.flow')}</h2>
          <FlowGraph flow={flow.data} />
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('alert.timeline')}</h2>
        <ol className="timeline">
          {data.timeline.map((event) => (
            <li key={event.id}>
              <time dateTime={event.created_at}>{dateTime(event.created_at)}</time> <strong>{event.actor?.name ?? t('alert.system')}</strong>{' '}
              {event.kind === 'comment'
                ? t('timeline.comment')
                : event.kind === 'assigned'
                  ? t('timeline.assigned')
                  : event.kind === 'reopened'
                    ? t('timeline.reopened')
                    : t('timeline.status', { from: event.from_status ? t(`status.${event.from_status}`) : '—', to: event.to_status ? t(`status.${event.to_status}`) : '—' })}
              {event.disposition && ` · ${t(`disposition.${event.disposition}`)}`}
              {event.text && <blockquote>{event.text}</blockquote>}
            </li>
          ))}
        </ol>
        {works && (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              addComment.mutate();
            }}
          >
            <label htmlFor="alert-comment">{t('alert.comment')}</label>
            <textarea id="alert-comment" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} required />
            <button type="submit" disabled={addComment.isPending || comment.trim() === ''}>
              {t('alert.addComment')}
            </button>
            <ErrorNotice error={addComment.error} />
          </form>
        )}
      </section>
    </article>
  );
}

// A consignment as an inspector takes it to the site: lane, findings, flow, and its reports.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ConsignmentDetail, Flow } from '../api/types.ts';
import { ErrorNotice, Kg, LaneBadge, Loading, ReportLinks } from '../components/common.tsx';
import { Findings } from '../components/Findings.tsx';
import { FlowGraph } from '../components/FlowGraph.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { may, useSession } from '../session.tsx';
import type { PageProps } from './registry.ts';

export default function ConsignmentPage({ params }: PageProps) {
  const { t, date } = useI18n();
  const { session } = useSession();
  const consignment = useQuery({ queryKey: ['consignment', params.id], queryFn: () => api.get<ConsignmentDetail>(`/consignments/${params.id}`) });
  const flow = useQuery({ queryKey: ['flow', Number(params.id)], queryFn: () => api.get<Flow>(`/consignments/${params.id}/flow`) });
  if (consignment.isPending) return <Loading />;
  if (consignment.error) return <ErrorNotice error={consignment.error} />;
  const data = consignment.data;
  return (
    <article aria-labelledby="consignment-title">
      <div className="page-head">
        <h1 id="consignment-title">
          {t('consignment.title', { no: data.declaration_no, item: data.item_no })} {data.assessment && <LaneBadge lane={data.assessment.lane} />}
        </h1>
        {data.assessment && <span className="score">{t('alert.score', { score: data.assessment.score })}</span>}
      </div>
      <dl className="facts">
        <dt>{t('field.date')}</dt>
        <dd>{date(data.declaration_date)}</dd>
        <dt>{t('field.holder')}</dt>
        <dd>
          <Link to={`/holders/${encodeURIComponent(data.importer_id)}`}>{data.importer_name ?? data.importer_id}</Link> <span className="muted">{data.importer_id}</span>
        </dd>
        <dt>{t('field.counterparty')}</dt>
        <dd>
          {data.counterparty_name} ({data.counterparty_country})
        </dd>
        <dt>{t('field.goods')}</dt>
        <dd>
          {data.goods_description} · {data.hs_code} {data.cas_number && `· CAS ${data.cas_number}`}
        </dd>
        <dt>{t('field.quantity')}</dt>
        <dd>
          {data.quantity} {data.unit} · <Kg value={data.quantity_kg} />
        </dd>
        <dt>{t('field.source')}</dt>
        <dd>
          {may(session, 'imports:read') ? <Link to={`/imports/${data.source.batch_id}`}>{data.source.file_name ?? data.source.batch_id}</Link> : data.source.file_name ?? data.source.batch_id},{' '}
          {t('field.line')} {data.source.line}
        </dd>
      </dl>
      {may(session, 'reports:read') && <ReportLinks path={`/reports/consignments/${data.id}.pdf`} label={t('report.consignment')} />}
      <section aria-labelledby="c-findings">
        <h2 id="c-findings">{t('alert.findings')}</h2>
        <Findings hits={data.assessment?.hits ?? []} />
      </section>
      <section aria-labelledby="c-flow">
        <h2 id="c-flow">{t('alert.flow')}</h2>
        {flow.data ? <FlowGraph flow={flow.data} /> : <ErrorNotice error={flow.error} />}
      </section>
    </article>
  );
}

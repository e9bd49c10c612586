// A holder's dossier: registration, licences, balances per substance, open alerts, its report.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Holder } from '../api/types.ts';
import { ErrorNotice, Kg, LaneBadge, Loading, ReportLinks, SubstanceName } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { may, useSession } from '../session.tsx';
import type { PageProps } from './registry.ts';

export default function HolderPage({ params }: PageProps) {
  const { t, date } = useI18n();
  const { session } = useSession();
  const holder = useQuery({ queryKey: ['holder', params.id], queryFn: () => api.get<Holder>(`/holders/${encodeURIComponent(params.id!)}`) });
  if (holder.isPending) return <Loading />;
  if (holder.error) return <ErrorNotice error={holder.error} />;
  const data = holder.data;
  return (
    <article aria-labelledby="holder-title">
      <div className="page-head">
        <h1 id="holder-title">
          {data.name ?? data.holder_id} {data.assessment && <LaneBadge lane={data.assessment.lane} />}
        </h1>
      </div>
      <dl className="facts">
        <dt>{t('field.bin')}</dt>
        <dd>{data.holder_id}</dd>
        <dt>{t('field.status')}</dt>
        <dd>{data.registered ? data.status : t('holder.unregistered')}</dd>
        <dt>{t('field.registeredOn')}</dt>
        <dd>{date(data.registered_on)}</dd>
        <dt>{t('field.address')}</dt>
        <dd>{[data.region, data.address].filter(Boolean).join(', ') || '—'}</dd>
        <dt>{t('field.director')}</dt>
        <dd>{data.director ?? '—'}</dd>
        <dt>{t('field.contacts')}</dt>
        <dd>{[data.phone, data.email].filter(Boolean).join(', ') || '—'}</dd>
      </dl>
      {may(session, 'reports:read') && <ReportLinks path={`/reports/holders/${encodeURIComponent(data.holder_id)}.pdf`} label={t('report.holder')} />}
      <section aria-labelledby="h-licences">
        <h2 id="h-licences">{t('holder.licences')}</h2>
        {data.licences.length === 0 ? (
          <p>{t('holder.noLicences')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('field.licenceNo')}</th>
                <th scope="col">{t('field.substance')}</th>
                <th scope="col">{t('field.activities')}</th>
                <th scope="col">{t('field.valid')}</th>
                <th scope="col" className="number">{t('field.quota')}</th>
                <th scope="col">{t('field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.licences.map((licence) => (
                <tr key={`${licence.licence_no}:${licence.substance}`}>
                  <td>{licence.licence_no}</td>
                  <td><SubstanceName value={licence.substance} /></td>
                  <td>{licence.activities.join(', ')}</td>
                  <td>
                    {date(licence.valid_from)} – {date(licence.valid_to)}
                  </td>
                  <td className="number">
                    <Kg value={licence.annual_quota_kg} />
                  </td>
                  <td>{licence.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="h-balances">
        <h2 id="h-balances">{t('holder.balances')}</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('field.substance')}</th>
              <th scope="col" className="number">{t('holder.received')}</th>
              <th scope="col" className="number">{t('holder.sent')}</th>
              <th scope="col" className="number">{t('holder.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {data.balances.map((balance) => (
              <tr key={balance.substance}>
                <td><SubstanceName value={balance.substance} /></td>
                <td className="number">
                  <Kg value={balance.received_kg} />
                </td>
                <td className="number">
                  <Kg value={balance.sent_kg} />
                </td>
                <td className="number">
                  <Kg value={balance.balance_gap_kg} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="h-alerts">
        <h2 id="h-alerts">{t('holder.openAlerts')}</h2>
        {data.open_alerts.length === 0 ? (
          <p>{t('queue.empty')}</p>
        ) : (
          <ul>
            {data.open_alerts.map((alert) => (
              <li key={alert.id}>
                <LaneBadge lane={alert.lane} />{' '}
                {may(session, 'alerts:read') ? (
                  <Link to={`/alerts/${alert.id}`}>{t('alert.title', { id: alert.id })}</Link>
                ) : (
                  t('alert.title', { id: alert.id })
                )}{' '}
                {alert.declaration_no ?? ''} · {t(`status.${alert.status}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

// Find a consignment or a holder by declaration number or BIN, and download its reports.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Consignment, Holder, Page } from '../api/types.ts';
import { ErrorNotice, Kg, Loading, ReportLinks, SubstanceName } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, setQuery, useLocation } from '../router.tsx';
import { may, useSession } from '../session.tsx';

export default function FindPage() {
  const { t, date } = useI18n();
  const { session } = useSession();
  const { query } = useLocation();
  const q = (query.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  const found = useQuery({
    queryKey: ['find', q],
    enabled: q !== '',
    queryFn: async () => {
      const [byDeclaration, byImporter, holder] = await Promise.all([
        api.get<Page<Consignment>>('/consignments', { declaration_no: q, limit: 50 }),
        api.get<Page<Consignment>>('/consignments', { importer_id: q, limit: 50 }),
        api.get<Holder>(`/holders/${encodeURIComponent(q)}`).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }),
      ]);
      return { consignments: [...byDeclaration.items, ...byImporter.items], holder };
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ q: text.trim() });
  };
  const reports = may(session, 'reports:read');

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t('page.find')}</h1>
      <form role="search" className="filters" onSubmit={submit}>
        <label htmlFor="find-q">{t('search.label')}</label>
        <input id="find-q" type="search" value={text} onChange={(event) => setText(event.target.value)} size={30} />
        <button type="submit">{t('search.submit')}</button>
      </form>
      {q === '' ? null : found.isPending ? (
        <Loading />
      ) : found.error ? (
        <ErrorNotice error={found.error} />
      ) : (
        <>
          {found.data.holder && (
            <section aria-labelledby="find-holder" className="panel">
              <h2 id="find-holder">
                <Link to={`/holders/${encodeURIComponent(found.data.holder.holder_id)}`}>{found.data.holder.name ?? found.data.holder.holder_id}</Link>
              </h2>
              <p>
                {t('field.bin')} {found.data.holder.holder_id}
              </p>
              {reports && <ReportLinks path={`/reports/holders/${encodeURIComponent(found.data.holder.holder_id)}.pdf`} label={t('report.holder')} />}
            </section>
          )}
          {found.data.consignments.length === 0 && !found.data.holder ? (
            <p role="status">{t('find.nothing', { q })}</p>
          ) : (
            found.data.consignments.length > 0 && (
              <table className="data">
                <caption>{t('find.consignments')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('field.declarationNo')}</th>
                    <th scope="col">{t('field.date')}</th>
                    <th scope="col">{t('field.holder')}</th>
                    <th scope="col">{t('field.substance')}</th>
                    <th scope="col" className="number">{t('field.quantity')}</th>
                    {reports && <th scope="col">{t('report.consignment')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {found.data.consignments.map((consignment) => (
                    <tr key={consignment.id}>
                      <td>
                        <Link to={`/consignments/${consignment.id}`}>
                          {consignment.declaration_no} / {consignment.item_no}
                        </Link>
                      </td>
                      <td>{date(consignment.declaration_date)}</td>
                      <td>{consignment.importer_name ?? consignment.importer_id}</td>
                      <td><SubstanceName value={consignment.substance} /></td>
                      <td className="number">
                        <Kg value={consignment.quantity_kg} />
                      </td>
                      {reports && (
                        <td>
                          <ReportLinks path={`/reports/consignments/${consignment.id}.pdf`} label="PDF" />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          )}
        </>
      )}
    </section>
  );
}

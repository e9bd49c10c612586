// The columns of each kind of upload, with the template CSV to start from.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { importKinds, type ImportKind } from '../../../importers/types.ts';
import { api, apiUrl } from '../api/client.ts';
import type { ImportColumns } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export default function ColumnsPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<ImportKind>('declarations');
  const columns = useQuery({ queryKey: ['columns', kind], queryFn: () => api.get<ImportColumns>(`/imports/${kind}/columns`), staleTime: Infinity });
  return (
    <section aria-labelledby="columns-title">
      <h1 id="columns-title">{t('page.columns')}</h1>
      <p>{t('columns.intro')}</p>
      <div className="tabs" role="group" aria-label={t('field.kind')}>
        {importKinds.map((value) => (
          <button key={value} type="button" aria-pressed={kind === value} onClick={() => setKind(value)}>
            {t(`kind.${value}`)}
          </button>
        ))}
      </div>
      <p>
        <a className="button" href={apiUrl(`/imports/${kind}/template.csv`)} download>
          {t('columns.template', { kind: t(`kind.${kind}`) })}
        </a>
      </p>
      {columns.isPending ? (
        <Loading />
      ) : columns.error ? (
        <ErrorNotice error={columns.error} />
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('page.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.name')}</th>
              <th scope="col">{t('columns.russian')}</th>
              <th scope="col">{t('columns.type')}</th>
              <th scope="col">{t('columns.required')}</th>
              <th scope="col">{t('columns.example')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.data.columns.map((column) => (
              <tr key={column.name}>
                <td>
                  <code>{column.name}</code>
                </td>
                <td>{column.aliases.join(', ')}</td>
                <td>{column.type}</td>
                <td>{column.required ? t('common.yes') : column.default ? t('columns.defaultIs', { value: column.default }) : t('common.no')}</td>
                <td>
                  <code>{column.example}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

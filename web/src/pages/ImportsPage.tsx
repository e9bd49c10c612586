// Uploading a batch: drag a file onto the zone (or choose one), watch the bytes go, land on the
// batch's page. Below, the recent batches.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { importKinds, type ImportKind } from '../../../importers/types.ts';
import { batchModes, type BatchMode } from '../../../server/vocabularies.ts';
import { api, uploadFile } from '../api/client.ts';
import type { Batch, BatchResult, List } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router.tsx';
import { may, useSession } from '../session.tsx';

export default function ImportsPage() {
  const { t, number, dateTime } = useI18n();
  const { session } = useSession();
  const client = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('declarations');
  const [mode, setMode] = useState<BatchMode>('partial');
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);
  const batches = useQuery({ queryKey: ['batches'], queryFn: () => api.get<List<Batch>>('/imports', { limit: 50 }) });
  const canUpload = may(session, 'imports:write');

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const result = await uploadFile<BatchResult>(`/imports/${kind}`, file, { mode, file_name: file.name }, (sent, total) => setProgress({ sent, total }));
      void client.invalidateQueries({ queryKey: ['batches'] });
      navigate(`/imports/${result.batch.id}`);
    } catch (failure) {
      setError(failure);
      setProgress(null);
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void upload(event.dataTransfer.files[0]);
  };

  return (
    <section aria-labelledby="imports-title">
      <h1 id="imports-title">{t('page.imports')}</h1>
      {canUpload && (
        <section aria-labelledby="upload-title" className="panel">
          <h2 id="upload-title">{t('upload.title')}</h2>
          <div className="filters">
            <label htmlFor="upload-kind">{t('field.kind')}</label>
            <select id="upload-kind" value={kind} onChange={(event) => setKind(event.target.value as ImportKind)}>
              {importKinds.map((value) => (
                <option key={value} value={value}>
                  {t(`kind.${value}`)}
                </option>
              ))}
            </select>
            <label htmlFor="upload-mode">{t('field.mode')}</label>
            <select id="upload-mode" value={mode} onChange={(event) => setMode(event.target.value as BatchMode)}>
              {batchModes.map((value) => (
                <option key={value} value={value}>
                  {t(`mode.${value}`)}
                </option>
              ))}
            </select>
            <Link to="/columns">{t('upload.columnsLink')}</Link>
          </div>
          <div
            className={`drop-zone${over ? ' over' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={drop}
          >
            <p>{t('upload.drop')}</p>
            <label htmlFor="upload-file">{t('upload.choose')}</label>{' '}
            <input
              id="upload-file"
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              onChange={(event) => {
                void upload(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          </div>
          {progress && (
            <p role="status">
              <label htmlFor="upload-progress">{t('upload.progress', { sent: number(progress.sent / 1024, 0), total: number(progress.total / 1024, 0) })}</label>{' '}
              <progress id="upload-progress" max={progress.total || 1} value={progress.sent} />
            </p>
          )}
          <ErrorNotice error={error} />
        </section>
      )}
      <h2>{t('imports.recent')}</h2>
      {batches.isPending ? (
        <Loading />
      ) : batches.error ? (
        <ErrorNotice error={batches.error} />
      ) : batches.data.items.length === 0 ? (
        <p>{t('imports.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('field.started')}</th>
              <th scope="col">{t('field.kind')}</th>
              <th scope="col">{t('field.file')}</th>
              <th scope="col">{t('field.status')}</th>
              <th scope="col" className="number">{t('batch.rows')}</th>
              <th scope="col" className="number">{t('batch.accepted')}</th>
              <th scope="col" className="number">{t('batch.rejected')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.data.items.map((batch) => (
              <tr key={batch.id}>
                <td>
                  <Link to={`/imports/${batch.id}`}>{dateTime(batch.started_at)}</Link>
                </td>
                <td>{t(`kind.${batch.kind}`)}</td>
                <td>{batch.file_name ?? '—'}</td>
                <td>{t(`batchStatus.${batch.status}`)}</td>
                <td className="number">{number(batch.rows)}</td>
                <td className="number">{number(batch.accepted)}</td>
                <td className="number">{number(batch.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

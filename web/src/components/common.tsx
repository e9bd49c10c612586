// Small pieces shared by pages: lane badges, substance names, errors as the API words them, report links.
import { useQuery } from '@tanstack/react-query';
import { reportLanguages } from '../../../reports/report-model.ts';
import { api, ApiError, apiUrl } from '../api/client.ts';
import type { Lane, List, Substance } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function LaneBadge({ lane }: { lane: Lane }) {
  const { t } = useI18n();
  return <span className={`lane lane-${lane}`}>{t(`lane.${lane}`)}</span>;
}

/** The substance catalogue, read once per visit, and a substance's name in the reader's language by its key. */
export function useSubstances() {
  const { language } = useI18n();
  const catalogue = useQuery({ queryKey: ['substances'], queryFn: () => api.get<List<Substance>>('/substances'), staleTime: Infinity });
  const byKey = new Map((catalogue.data?.items ?? []).map((substance) => [substance.key, substance]));
  return {
    items: catalogue.data?.items ?? [],
    /** The name in the reader's language; the key itself while the catalogue loads or for a key it lacks. */
    nameOf: (key: string | null | undefined): string => (key ? (byKey.get(key)?.names[language] ?? key) : '—'),
  };
}

export function SubstanceName({ value }: { value: string | null | undefined }) {
  return <>{useSubstances().nameOf(value)}</>;
}

export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const text = error instanceof ApiError ? `${error.message} (${error.code})` : t('error.unexpected');
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** One link per report language the service draws; the session cookie opens them. */
export function ReportLinks({ path, label }: { path: string; label: string }) {
  const { t } = useI18n();
  return (
    <p className="reports">
      <span>{label}:</span>
      {reportLanguages.map((lang) => (
        <a key={lang} className="button" href={apiUrl(path, { lang })} target="_blank" rel="noopener">
          {t('report.pdf', { lang: lang.toUpperCase() })}
        </a>
      ))}
    </p>
  );
}

export function Kg({ value }: { value: number | null | undefined }) {
  const { number, t } = useI18n();
  return <>{value === null || value === undefined ? '—' : `${number(value, 1)} ${t('unit.kg')}`}</>;
}

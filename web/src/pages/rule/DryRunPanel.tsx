// A dry run of the document being edited on one consignment (by declaration number or id) or one
// holder (by BIN): every fact the rules see, and each rule's outcome with its explanation, the
// edited rule in place of its live version. Nothing is stored.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Consignment, DryRun, Page } from '../../api/types.ts';
import { ErrorNotice, LaneBadge } from '../../components/common.tsx';
import { Comparisons, shown } from '../../components/Findings.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** A consignment named by its declaration number, else (all digits) by its id. */
async function consignmentIdOf(text: string): Promise<number> {
  const found = await api.get<Page<Consignment>>('/consignments', { declaration_no: text, limit: 1 });
  if (found.items[0]) return found.items[0].id;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  throw new Error(text);
}

export function DryRunPanel({ scope, document }: { scope: 'consignment' | 'holder'; document: () => Record<string, unknown> | null }) {
  const { t, number, language } = useI18n();
  const [subject, setSubject] = useState('');
  const run = useMutation({
    mutationFn: async () => {
      const rule = document();
      if (!rule) throw new Error(t('studio.fixJsonFirst'));
      const text = subject.trim();
      const target = scope === 'holder' ? { holder_id: text } : { consignment_id: await consignmentIdOf(text).catch(() => Promise.reject(new Error(t('studio.noConsignment', { text })))) };
      return api.post<DryRun>('/rules/dry-run', { ...target, rule });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  const result = run.data;
  return (
    <section className="panel" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('studio.dryRun')}</h2>
      <form className="filters" onSubmit={submit}>
        <label htmlFor="dry-run-subject">{scope === 'holder' ? t('field.bin') : t('studio.consignmentRef')}</label>
        <input id="dry-run-subject" value={subject} onChange={(event) => setSubject(event.target.value)} required size={28} />
        <button type="submit" disabled={run.isPending || subject.trim() === ''}>
          {t('studio.runDry')}
        </button>
      </form>
      {run.error && (run.error instanceof Error && !('code' in run.error) ? <p className="error" role="alert">{run.error.message}</p> : <ErrorNotice error={run.error} />)}
      {result && (
        <div role="status" aria-live="polite">
          <p>
            {t('studio.dryRunOutcome', { subject: result.subject_id, score: number(result.score, 1) })} <LaneBadge lane={result.lane} />
          </p>
          <h3>{t('studio.ruleOutcomes')}</h3>
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('rules.rule')}</th>
                <th scope="col">{t('studio.fired')}</th>
                <th scope="col">{t('studio.explanation')}</th>
              </tr>
            </thead>
            <tbody>
              {[...result.rules]
                .sort((a, b) => Number(b.candidate) - Number(a.candidate) || Number(b.fired) - Number(a.fired) || a.rule_id.localeCompare(b.rule_id))
                .map((rule) => (
                  <tr key={rule.rule_id} className={rule.candidate ? 'candidate' : undefined}>
                    <td>
                      {rule.names[language]} <span className="muted">{t('alert.ruleRef', { id: rule.rule_id, version: rule.version })}</span>
                      {rule.candidate && <div className="muted">{t('studio.candidate')}</div>}
                    </td>
                    <td className={rule.fired ? 'error' : undefined}>{rule.error ? t('studio.ruleError') : rule.fired ? t('common.yes') : t('common.no')}</td>
                    <td>
                      {rule.reasons && <p>{rule.reasons[language]}</p>}
                      {rule.error && <p className="error">{rule.error}</p>}
                      <details open={rule.candidate}>
                        <summary>{t('alert.conditions')}</summary>
                        <Comparisons explanation={rule.explanation} />
                      </details>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <details open>
            <summary>{t('studio.allFacts', { count: Object.keys(result.facts).length })}</summary>
            <table className="data compact facts-table">
              <thead>
                <tr>
                  <th scope="col">{t('alert.fact')}</th>
                  <th scope="col">{t('alert.value')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(result.facts).map(([name, value]) => (
                  <tr key={name}>
                    <td>
                      <code>{name}</code>
                    </td>
                    <td>{value === null ? <span className="muted">{t('studio.unknown')}</span> : <code>{shown(value)}</code>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      )}
    </section>
  );
}

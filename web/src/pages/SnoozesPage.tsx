// Snoozes in force, and a new one: a noisy rule silenced for one holder until a time, with a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { List, Rule, Snooze } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/common.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ruleName } from '../rule-editor/rule-document.ts';
import { Link } from '../router.tsx';

export default function SnoozesPage() {
  const { t, dateTime, language } = useI18n();
  const client = useQueryClient();
  const snoozes = useQuery({ queryKey: ['snoozes'], queryFn: () => api.get<List<Snooze>>('/snoozes') });
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api.get<List<Rule>>('/rules'), staleTime: 60_000 });
  const [form, setForm] = useState({ rule: '', holder: '', until: '', reason: '' });
  const create = useMutation({
    mutationFn: () =>
      api.post<Snooze>(`/rules/${encodeURIComponent(form.rule)}/snoozes`, {
        holder_id: form.holder.trim(),
        until: new Date(form.until).toISOString(),
        reason: form.reason.trim(),
      }),
    onSuccess: () => {
      setForm({ rule: '', holder: '', until: '', reason: '' });
      void client.invalidateQueries({ queryKey: ['snoozes'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });

  return (
    <section aria-labelledby="snoozes-title">
      <h1 id="snoozes-title">{t('page.snoozes')}</h1>
      {snoozes.isPending ? (
        <Loading />
      ) : snoozes.error ? (
        <ErrorNotice error={snoozes.error} />
      ) : snoozes.data.items.length === 0 ? (
        <p>{t('snoozes.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.rule')}</th>
              <th scope="col">{t('field.holder')}</th>
              <th scope="col">{t('snoozes.until')}</th>
              <th scope="col">{t('field.reason')}</th>
              <th scope="col">{t('field.created')}</th>
            </tr>
          </thead>
          <tbody>
            {snoozes.data.items.map((snooze) => (
              <tr key={snooze.id}>
                <td>{snooze.rule_id}</td>
                <td>
                  <Link to={`/holders/${encodeURIComponent(snooze.holder_id)}`}>{snooze.holder_id}</Link>
                </td>
                <td>{dateTime(snooze.until)}</td>
                <td>{snooze.reason}</td>
                <td>{dateTime(snooze.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="panel stack" onSubmit={submit} aria-labelledby="snooze-new">
        <h2 id="snooze-new">{t('snoozes.new')}</h2>
        <label htmlFor="snooze-rule">{t('dashboard.rule')}</label>
        <select id="snooze-rule" value={form.rule} onChange={set('rule')} required>
          <option value="">{t('common.choose')}</option>
          {rules.data?.items.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.id} — {ruleName(rule, language)}
            </option>
          ))}
        </select>
        <label htmlFor="snooze-holder">{t('field.bin')}</label>
        <input id="snooze-holder" value={form.holder} onChange={set('holder')} required inputMode="numeric" />
        <label htmlFor="snooze-until">{t('snoozes.until')}</label>
        <input id="snooze-until" type="datetime-local" value={form.until} onChange={set('until')} required />
        <label htmlFor="snooze-reason">{t('field.reason')}</label>
        <textarea id="snooze-reason" rows={2} value={form.reason} onChange={set('reason')} required />
        <button type="submit" disabled={create.isPending}>
          {t('snoozes.create')}
        </button>
        <ErrorNotice error={create.error} />
      </form>
    </section>
  );
}

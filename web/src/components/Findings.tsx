// Why an alert fired: each rule's reason, and the comparisons that made it fire, the value seen
// against the threshold.
import type { Hit } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Leaf {
  fact: string;
  path?: string;
  operator: string;
  factResult: unknown;
  valueResult: unknown;
  result: boolean;
}

function leavesOf(node: unknown, into: Leaf[] = []): Leaf[] {
  if (!node || typeof node !== 'object') return into;
  const record = node as Record<string, unknown>;
  for (const group of ['all', 'any'] as const) if (Array.isArray(record[group])) for (const child of record[group] as unknown[]) leavesOf(child, into);
  if (record.not) leavesOf(record.not, into);
  if (typeof record.fact === 'string' && typeof record.operator === 'string') into.push(record as unknown as Leaf);
  return into;
}

export const shown = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

export function Findings({ hits }: { hits: Hit[] }) {
  const { t, language } = useI18n();
  if (hits.length === 0) return <p>{t('alert.noFindings')}</p>;
  return (
    <ol className="findings">
      {hits.map((hit) => {
        return (
          <li key={`${hit.rule_id}:${hit.rule_version}`} className={`severity-${hit.severity}`}>
            <h3>
              {hit.names?.[language] ?? hit.name} <span className="muted">{t('alert.ruleRef', { id: hit.rule_id, version: hit.rule_version })}</span>
            </h3>
            <p>
              <strong>{t(`severity.${hit.severity}`)}</strong> · {t('alert.points', { score: hit.score })}
            </p>
            <p>{hit.reasons?.[language] ?? hit.reason}</p>
            <Comparisons explanation={hit.explanation} />
          </li>
        );
      })}
    </ol>
  );
}

/** Every comparison of a condition tree: the fact's value, the operator, the threshold, whether it held. */
export function Comparisons({ explanation }: { explanation: unknown }) {
  const { t } = useI18n();
  const leaves = leavesOf(explanation);
  if (leaves.length === 0) return null;
  return (
    <table className="data compact">
      <caption className="visually-hidden">{t('alert.conditions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('alert.fact')}</th>
          <th scope="col">{t('alert.value')}</th>
          <th scope="col">{t('alert.operator')}</th>
          <th scope="col">{t('alert.threshold')}</th>
          <th scope="col">{t('alert.holds')}</th>
        </tr>
      </thead>
      <tbody>
        {leaves.map((leaf, index) => (
          <tr key={index}>
            <td>
              <code>{leaf.fact}{leaf.path ? leaf.path.replace(/^\$/, '') : ''}</code>
            </td>
            <td>{shown(leaf.factResult)}</td>
            <td>
              <code>{leaf.operator}</code>
            </td>
            <td>{shown(leaf.valueResult)}</td>
            <td>{leaf.result ? t('common.yes') : t('common.no')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

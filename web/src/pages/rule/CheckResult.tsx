// What the service's validation said of the document: errors and warnings apart, each with its
// path, and the document's test cases, passed or failed.
import type { RuleCheck } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function CheckResult({ result, syntaxError }: { result: RuleCheck | null; syntaxError: string | null }) {
  const { t } = useI18n();
  if (syntaxError) {
    return (
      <div className="panel" role="status">
        <p className="error">{t('studio.notJson', { message: syntaxError })}</p>
      </div>
    );
  }
  if (!result) return null;
  return (
    <div className="panel check" role="status" aria-live="polite">
      <p className={result.valid ? 'ok' : 'error'}>{result.valid ? t('studio.valid') : t('studio.invalid', { errors: result.errors.length })}</p>
      {result.errors.length > 0 && (
        <>
          <h3>{t('studio.errors')}</h3>
          <ul className="issues errors">
            {result.errors.map((error, index) => (
              <li key={index}>
                <code>{error.path || '/'}</code> {error.message} <span className="muted">{error.code}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.truncated && <p className="hint">{t('studio.truncated')}</p>}
      {result.warnings.length > 0 && (
        <>
          <h3>{t('studio.warnings')}</h3>
          <ul className="issues warnings">
            {result.warnings.map((warning, index) => (
              <li key={index}>
                <code>{warning.path || '/'}</code> {warning.message} <span className="muted">{warning.code}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.valid && (
        <>
          <h3>{t('studio.tests')}</h3>
          {result.tests.length === 0 ? (
            <p className="hint">{t('studio.noTests')}</p>
          ) : (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('studio.testName')}</th>
                  <th scope="col">{t('studio.expect')}</th>
                  <th scope="col">{t('studio.fired')}</th>
                  <th scope="col">{t('studio.result')}</th>
                </tr>
              </thead>
              <tbody>
                {result.tests.map((test, index) => (
                  <tr key={index}>
                    <td>{test.name}</td>
                    <td>{t(`studio.expect.${test.expect}`)}</td>
                    <td>{test.fired === null ? '—' : test.fired ? t('common.yes') : t('common.no')}</td>
                    <td className={test.passed ? 'ok' : 'error'}>
                      {test.passed ? t('studio.passed') : t('studio.failed')}
                      {test.error && <div className="muted">{test.error}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

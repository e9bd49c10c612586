// The rule author's part of a rule's page: the editor, Validate, Save as draft with the version
// edited (a 409 names the version stored since, shows what it changed and offers to load it),
// the dry run and the backtest of the text as it stands.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { Fact, List, Rule, RuleCheck, RuleDraft } from '../../api/types.ts';
import { ErrorNotice } from '../../components/common.tsx';
import { DiffView } from '../../components/DiffView.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { editableText } from '../../rule-editor/rule-document.ts';
import { RuleEditor } from '../../rule-editor/RuleEditor.tsx';
import { BacktestPanel } from './BacktestPanel.tsx';
import { CheckResult } from './CheckResult.tsx';
import { DryRunPanel } from './DryRunPanel.tsx';

interface Props {
  ruleId: string;
  /** Every version, newest first: the newest is the one a save must name. */
  versions: Rule[];
  /** The version the editor opens with: the newest draft waiting, else the live one. */
  opened: Rule;
  schema: Record<string, unknown> | null;
  facts: Fact[];
}

type Parsed = { document: Record<string, unknown>; error: null } | { document: null; error: string };

function parse(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { document: value as Record<string, unknown>, error: null };
    return { document: null, error: 'not an object' };
  } catch (error) {
    return { document: null, error: (error as Error).message };
  }
}

export function RuleStudio({ ruleId, versions, opened, schema, facts }: Props) {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const [loaded, setLoaded] = useState({ text: editableText(opened), version: opened.version, base: versions[0]!.version, serial: 0 });
  const text = useRef(loaded.text);
  const [check, setCheck] = useState<{ result: RuleCheck | null; syntaxError: string | null }>({ result: null, syntaxError: null });
  const [conflict, setConflict] = useState<{ current: number } | null>(null);
  const [saved, setSaved] = useState<Rule | null>(null);
  // The drafts queue names each waiting draft's author: the version stored meanwhile is usually one.
  const drafts = useQuery({ queryKey: ['drafts'], queryFn: () => api.get<List<RuleDraft>>('/rule-drafts') });

  const load = (rule: Rule, base: number) => {
    setLoaded({ text: editableText(rule), version: rule.version, base, serial: loaded.serial + 1 });
    text.current = editableText(rule);
    setConflict(null);
    setCheck({ result: null, syntaxError: null });
  };

  const validate = async (document: Record<string, unknown>) => {
    const result = await api.post<RuleCheck>('/rules/validate', document);
    setCheck({ result, syntaxError: null });
    return result;
  };
  const validateNow = useMutation({
    mutationFn: async () => {
      const parsed = parse(text.current);
      if (!parsed.document) {
        setCheck({ result: null, syntaxError: parsed.error });
        return null;
      }
      return validate(parsed.document);
    },
  });

  const save = useMutation({
    mutationFn: async () => {
      const parsed = parse(text.current);
      if (!parsed.document) {
        setCheck({ result: null, syntaxError: parsed.error });
        return null;
      }
      return api.put<Rule>(`/rules/${encodeURIComponent(ruleId)}`, parsed.document, { base_version: loaded.base });
    },
    onMutate: () => {
      setSaved(null);
      setConflict(null);
    },
    onSuccess: (rule) => {
      if (!rule) return;
      setSaved(rule);
      setLoaded((current) => ({ ...current, base: rule.version }));
      void client.invalidateQueries({ queryKey: ['rule-versions', ruleId] });
      void client.invalidateQueries({ queryKey: ['drafts'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STALE_VERSION') {
        setConflict({ current: Number(error.details.current_version) });
        void client.invalidateQueries({ queryKey: ['rule-versions', ruleId] });
        void client.invalidateQueries({ queryKey: ['drafts'] });
      }
      if (error instanceof ApiError && error.code === 'INVALID_RULE' && Array.isArray(error.details.errors)) {
        setCheck({ result: { valid: false, errors: error.details.errors as RuleCheck['errors'], warnings: [], tests: [] }, syntaxError: null });
      }
    },
  });

  const current = conflict ? versions.find((version) => version.version === conflict.current) : undefined;
  const currentAuthor = drafts.data?.items.find(({ draft }) => draft.id === ruleId && draft.version === current?.version)?.author_name ?? current?.created_by;
  const scope = parse(text.current).document?.scope === 'holder' ? 'holder' : opened.scope;
  const documentNow = () => parse(text.current).document;

  return (
    <>
      <section aria-labelledby="editor-title">
        <h2 id="editor-title">{t('studio.editing', { version: loaded.version, base: loaded.base })}</h2>
        <p className="hint" id="editor-help">
          {t('studio.editorHelp')}
        </p>
        <RuleEditor
          key={loaded.serial}
          initial={loaded.text}
          label={t('studio.editorLabel', { id: ruleId })}
          schema={schema}
          facts={facts}
          onChange={(value) => {
            text.current = value;
          }}
          check={(document) => validate(document).catch(() => null)}
        />
        <p className="filters">
          <button type="button" onClick={() => validateNow.mutate()} disabled={validateNow.isPending}>
            {t('studio.validate')}
          </button>
          <button type="button" className="primary" onClick={() => save.mutate()} disabled={save.isPending}>
            {t('studio.save')}
          </button>
          <span className="hint">{t('studio.saveHelp')}</span>
        </p>
        <ErrorNotice error={validateNow.error} />
        {save.error && !(save.error instanceof ApiError && save.error.code === 'STALE_VERSION') && <ErrorNotice error={save.error} />}
        {saved && (
          <p className="ok" role="status">
            {saved.unchanged ? t('studio.unchanged', { version: saved.version }) : t('studio.saved', { version: saved.version })}{' '}
            {!saved.unchanged && <Link to="/drafts">{t('studio.toDrafts')}</Link>}
          </p>
        )}
        {conflict && (
          <div className="panel conflict" role="alert">
            <p className="error">{t('studio.conflict', { base: loaded.base, current: conflict.current })}</p>
            {current ? (
              <>
                <p>{t('studio.conflictBy', { author: currentAuthor ?? '—', at: dateTime(current.created_at), status: t(`studio.status.${current.status}`) })}</p>
                <DiffView before={editableText(current)} after={text.current} label={t('studio.conflictDiff', { current: conflict.current })} />
                <button type="button" onClick={() => load(current, current.version)}>
                  {t('studio.reload', { version: conflict.current })}
                </button>
              </>
            ) : (
              <p>{t('common.loading')}</p>
            )}
          </div>
        )}
        <CheckResult result={check.result} syntaxError={check.syntaxError} />
      </section>
      <DryRunPanel scope={scope} document={documentNow} />
      <BacktestPanel document={documentNow} />
    </>
  );
}

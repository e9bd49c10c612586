// The rule document in CodeMirror 6: JSON highlighting, syntax errors at once, the service's own
// validation (schema, facts, operators, paths, types; errors and warnings apart) put on the text
// at the paths it names, and completion from the rule schema and the fact catalogue. Tab is left
// to the page (no indentWithTab), so the keyboard can leave the editor.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import type { RuleCheck } from '../api/types.ts';
import { pointerRange } from './json-tree.ts';
import { ruleCompletion, type CatalogueFact } from './rule-completion.ts';

export interface RuleEditorProps {
  /** The text the editor opens with; give the component a new `key` to load another. */
  initial: string;
  label: string;
  readOnly?: boolean;
  schema: Record<string, unknown> | null;
  facts: readonly CatalogueFact[];
  onChange(text: string): void;
  /** The service's check of a parsable document; its errors and warnings are drawn on the text. */
  check?(document: Record<string, unknown>): Promise<RuleCheck | null>;
}

/** The service's errors and warnings, at the text their JSON pointers name. */
export function diagnosticsOf(view: EditorView, result: RuleCheck): Diagnostic[] {
  const mark = (severity: 'error' | 'warning') => (item: RuleCheck['errors'][number]) => ({
    ...pointerRange(view.state, item.path),
    severity,
    message: `${item.path || '/'}: ${item.message} (${item.code})`,
  });
  return [...result.errors.map(mark('error')), ...result.warnings.map(mark('warning'))];
}

// The gutters' default grey is below WCAG contrast on its background.
const theme = EditorView.theme({
  '&': { border: '1px solid #8792a2', borderRadius: '4px', backgroundColor: '#fff', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', height: '420px', overflow: 'auto' },
  '.cm-gutters': { color: '#4a5361', backgroundColor: '#f5f7f9', borderRight: '1px solid #c9d0d8' },
  '&.cm-focused': { outline: '3px solid #f0a500', outlineOffset: '2px' },
});

export function RuleEditor({ initial, label, readOnly = false, schema, facts, onChange, check }: RuleEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  // The editor is made once; these refs let it see the latest props without being rebuilt.
  const latest = useRef({ schema, facts, onChange, check });
  latest.current = { schema, facts, onChange, check };

  useEffect(() => {
    const syntax = jsonParseLinter();
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          bracketMatching(),
          closeBrackets(),
          json(),
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion({ override: [ruleCompletion(() => latest.current)], activateOnTyping: true }),
          linter(
            async (editor) => {
              const broken = syntax(editor);
              if (broken.length > 0 || !latest.current.check) return broken;
              const document = JSON.parse(editor.state.doc.toString()) as unknown;
              if (!document || typeof document !== 'object' || Array.isArray(document)) return [];
              const result = await latest.current.check(document as Record<string, unknown>);
              return result ? diagnosticsOf(editor, result) : [];
            },
            { delay: 700 },
          ),
          lintGutter(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          // tabindex tells axe (and any checker) what the browser already does: the editable text takes focus.
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
          theme,
        ],
      }),
    });
    return () => view.destroy();
    // Made once per mount: the parent remounts it (key) to load another text.
  }, []);

  return <div ref={host} className="rule-editor" />;
}

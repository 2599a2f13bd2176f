// The JSON editor: CodeMirror 6 with JSON highlighting (by CSS classes, so themes are plain CSS),
// diagnostics underlined with their message on hover, and a highlight for explained source paths.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, Decoration } from '@codemirror/view';
import { EditorState, StateField, StateEffect, Compartment } from '@codemirror/state';
import { json } from '@codemirror/lang-json';
import { syntaxHighlighting, bracketMatching, indentOnInput, foldGutter, foldKeymap } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { history, defaultKeymap, historyKeymap } from '@codemirror/commands';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';

const setHighlights = StateEffect.define();
const highlightMark = Decoration.mark({ class: 'cm-source-hl' });
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setHighlights)) {
        deco = Decoration.set(e.value.filter((r) => r.to > r.from).map((r) => highlightMark.range(r.from, r.to)), true);
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * Creates the editor in `parent`. `onChange(text)` is called for every edit the user makes.
 * Returns { view, getText, setText, setReadOnly, setLabel, showDiagnostics, highlight, select }.
 */
export function createEditor(parent, { text, onChange, readOnly = false, label = 'JSON' }) {
  // A shadow root: CodeMirror then puts its styles in an adopted (constructed) stylesheet instead
  // of a <style> element, which the page's Content-Security-Policy (style-src 'self') forbids.
  const shadow = parent.attachShadow({ mode: 'open' });
  shadow.appendChild(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('editor.css', document.baseURI).href }));
  const mount = document.createElement('div');
  shadow.appendChild(mount);
  const ro = new Compartment();
  const attrs = new Compartment();
  let silent = false;
  const view = new EditorView({
    parent: mount,
    root: shadow,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        lintGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        json(),
        syntaxHighlighting(classHighlighter),
        highlightField,
        EditorView.lineWrapping,
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap]),
        ro.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        attrs.of(EditorView.contentAttributes.of({ 'aria-label': label })),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !silent) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  const clamp = (n) => Math.max(0, Math.min(n, view.state.doc.length));
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(t) {
      if (t === view.state.doc.toString()) return;
      silent = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t }, effects: setHighlights.of([]) });
      } finally {
        silent = false;
      }
    },
    setReadOnly(r) {
      view.dispatch({ effects: ro.reconfigure([EditorState.readOnly.of(r), EditorView.editable.of(!r)]) });
    },
    setLabel(l) {
      view.dispatch({ effects: attrs.reconfigure(EditorView.contentAttributes.of({ 'aria-label': l })) });
    },
    /** list: [{ from, to, severity, message }] in UTF-16 offsets of the current text. */
    showDiagnostics(list) {
      const len = view.state.doc.length;
      const ds = list.map((d) => {
        let from = clamp(d.from);
        let to = clamp(Math.max(d.to, d.from));
        if (to === from) { if (to < len) to += 1; else if (from > 0) from -= 1; }
        return { from, to, severity: d.severity === 'info' ? 'info' : d.severity, message: d.message, source: d.code };
      });
      view.dispatch(setDiagnostics(view.state, ds));
    },
    highlight(ranges) {
      view.dispatch({ effects: setHighlights.of(ranges.map((r) => ({ from: clamp(r.from), to: clamp(r.to) })).sort((a, b) => a.from - b.from)) });
    },
    select(from, to) {
      const a = clamp(from);
      const b = clamp(Math.max(from, to));
      view.dispatch({ selection: { anchor: a, head: b }, scrollIntoView: true });
      view.focus();
    },
  };
}

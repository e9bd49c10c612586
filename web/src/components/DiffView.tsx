// Two texts line by line: added lines green with +, removed red with −, and unchanged runs longer
// than the context around a change folded to a count, so a small change in a long rule shows at once.
import { diffLines, type DiffLine } from './diff.ts';

const context = 3;

type Shown = DiffLine | { kind: 'folded'; count: number };

function fold(lines: DiffLine[]): Shown[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let at = Math.max(0, index - context); at <= Math.min(lines.length - 1, index + context); at += 1) near[at] = true;
  });
  // Two equal texts are shown whole: there is no change to show the context of.
  const unchanged = near.every((value) => !value);
  const shown: Shown[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (near[index] || unchanged) {
      shown.push(lines[index]!);
      continue;
    }
    const last = shown[shown.length - 1];
    if (last?.kind === 'folded') last.count += 1;
    else shown.push({ kind: 'folded', count: 1 });
  }
  return shown;
}

export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {fold(diffLines(before, after)).map((line, index) =>
        line.kind === 'folded' ? (
          <span key={index} className="diff-folded">
            {`  ⋯ ${line.count}\n`}
          </span>
        ) : (
          <span key={index} className={`diff-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
            {line.text}
            {'\n'}
          </span>
        ),
      )}
    </pre>
  );
}

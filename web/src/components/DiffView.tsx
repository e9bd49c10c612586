// Two texts line by line: added lines green with +, removed red with −.
import { diffLines } from './diff.ts';

export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {diffLines(before, after).map((line, index) => (
        <span key={index} className={`diff-${line.kind}`}>
          {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
          {line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/**
 * Text with some ranges marked: <mark> elements built from `[start, end)` ranges as React text
 * nodes, never HTML, so text from a page (or a peer) can never become markup.
 */
import type { Range } from '../../../../shared/bridge/search';

export function Highlighted({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > text.length || end <= start) continue; // overlapping or out of range: skip
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return (
    <>
      {parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}

/** A workspace's initial on a colour derived from its name: recognisable at a glance. */
import type { CSSProperties } from 'react';
const HUES = 12;

function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return (hash % HUES) * (360 / HUES);
}

export function WorkspaceAvatar({ name, size = 'normal' }: { name: string; size?: 'normal' | 'large' }) {
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span className={`workspace-avatar ${size}`} style={{ '--avatar-hue': hueOf(name) } as CSSProperties} aria-hidden="true">
      {initial}
    </span>
  );
}

/** Light / dark / system, as a small segmented control. */
import type { JSX } from 'react';
import type { ThemePreference } from '../session/theme';
import { useApp } from './app-context';
import { Monitor, Moon, Sun } from './icons';
import { useCell } from './use-cell';

const OPTIONS: ReadonlyArray<{ value: ThemePreference; label: string; Icon: () => JSX.Element }> = [
  { value: 'light', label: 'Light theme', Icon: Sun },
  { value: 'dark', label: 'Dark theme', Icon: Moon },
  { value: 'system', label: 'Follow the system theme', Icon: Monitor },
];

export function ThemeToggle() {
  const { theme } = useApp();
  const preference = useCell(theme.preference);
  return (
    <div className="segmented" role="radiogroup" aria-label="Theme" data-testid="theme-toggle">
      {OPTIONS.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={preference === value}
          aria-label={label}
          title={label}
          className={preference === value ? 'segment active' : 'segment'}
          onClick={() => theme.setPreference(value)}
        >
          <Icon />
        </button>
      ))}
    </div>
  );
}

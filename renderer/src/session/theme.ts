/**
 * Light, dark, or following the system (prefers-color-scheme). The resolved theme is applied as
 * `data-theme` on <html>; the CSS variables in styles/theme.css do the rest.
 */
import { assertNever } from '../../../shared/errors';
import { readSetting, writeSetting } from './local-settings';
import { StateCell } from './state-cell';

export type ThemePreference = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

const SETTING = 'theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const isPreference = (value: unknown): value is ThemePreference =>
  value === 'light' || value === 'dark' || value === 'system';

export class ThemeController {
  readonly preference: StateCell<ThemePreference>;
  readonly theme: StateCell<Theme>;
  private readonly media = window.matchMedia(DARK_QUERY);
  private readonly onSystemChange = () => this.apply();

  constructor() {
    const stored = readSetting(SETTING);
    this.preference = new StateCell<ThemePreference>(isPreference(stored) ? stored : 'system');
    this.theme = new StateCell<Theme>(this.resolve());
    this.media.addEventListener('change', this.onSystemChange);
    this.apply();
  }

  setPreference(preference: ThemePreference): void {
    this.preference.set(preference);
    writeSetting(SETTING, preference);
    this.apply();
  }

  /** The keyboard shortcut: switch to the other theme than the one showing. */
  toggle(): void {
    this.setPreference(this.theme.get() === 'dark' ? 'light' : 'dark');
  }

  destroy(): void {
    this.media.removeEventListener('change', this.onSystemChange);
  }

  private resolve(): Theme {
    const preference = this.preference.get();
    switch (preference) {
      case 'light':
      case 'dark':
        return preference;
      case 'system':
        return this.media.matches ? 'dark' : 'light';
      default:
        return assertNever(preference, 'theme preference');
    }
  }

  private apply(): void {
    const theme = this.resolve();
    this.theme.set(theme);
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }
}

// Follows the OS: dark mode and Windows high-contrast (forced colors) switch the Fluent theme live.
import { useSyncExternalStore } from 'react';
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

const DARK = '(prefers-color-scheme: dark)';
const FORCED = '(forced-colors: active)';

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const queries = [window.matchMedia(DARK), window.matchMedia(FORCED)];
  queries.forEach((q) => q.addEventListener('change', onChange));
  return () => queries.forEach((q) => q.removeEventListener('change', onChange));
}

type OsScheme = 'light' | 'dark' | 'contrast';

function currentScheme(): OsScheme {
  if (typeof window.matchMedia !== 'function') return 'light';
  if (window.matchMedia(FORCED).matches) return 'contrast';
  return window.matchMedia(DARK).matches ? 'dark' : 'light';
}

const themes: Record<OsScheme, Theme> = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };

export function useOsTheme(): Theme {
  return themes[useSyncExternalStore(subscribe, currentScheme)];
}

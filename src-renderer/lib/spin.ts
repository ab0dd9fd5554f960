// Fluent SpinButton reports a typed-but-uncommitted value only as display text.
import type { SpinButtonOnChangeData } from '@fluentui/react-components';

/** The number the admin entered, or null while the box holds no number. */
export function spinValue(data: SpinButtonOnChangeData): number | null {
  if (data.value !== undefined) return data.value;
  const text = data.displayValue?.trim() ?? '';
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : null;
}

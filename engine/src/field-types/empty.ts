/** Text-like values: an empty or blank string is stored as no value, as CRM users expect. */
export function blankToNull(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

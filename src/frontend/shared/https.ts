// Links that come from the CRM become Links only when they are https; anything else is not shown.
export function isHttpsUrl(value: string | undefined | null): value is string {
  if (!value) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

// Which shown values are links: emails (mailto:), phone numbers (tel:) and https addresses only.
import { isHttpsUrl } from '../../shared/guards';

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}$/i;
const PHONE = /^\+?[0-9][0-9 ().-]{4,}[0-9]$/;
const PHONE_FIELD = /phone|mobile|\btel\b|fax/i;

/**
 * The link for a field's value, or undefined: a value is never made a link by guessing beyond
 * these shapes, and addresses other than https (http:, javascript:, data:) are never linked.
 */
export function hrefFor(field: { id: string; label: string }, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 2000) return undefined;
  const address: unknown = text; // the guard narrows its argument; keep `text` a string
  if (isHttpsUrl(address)) return address;
  if (EMAIL.test(text)) return `mailto:${text}`;
  if ((PHONE_FIELD.test(field.label) || PHONE_FIELD.test(field.id)) && PHONE.test(text))
    // "+31 (0)20 …": the (0) is dialled only from inside the country, never after +31.
    return `tel:${text.replace(/\(0\)/g, '').replace(/[^\d+]/g, '')}`;
  return undefined;
}

/**
 * A web address as shown: "https://www.example.com/" reads "example.com", without the parts every
 * address has, so it fits narrow panels without breaking mid-word. The link keeps the full address.
 */
export function shownAddress(href: string, text: string): string {
  if (!href.startsWith('https://')) return text;
  return text
    .replace(/^https:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/$/, '');
}

/** Web pages open in a new tab; mailto: and tel: hand over to the mail or phone app in place. */
export function opensNewTab(href: string): boolean {
  return href.startsWith('https://');
}

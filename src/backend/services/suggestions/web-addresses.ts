// Web addresses written in an issue's text, with or without a scheme ("blueoceanseafood.co.nz",
// "https://www.lakeshorepeds.org/contact"), as the registrable domains a company's website would
// have. Links are found with linkify-it (the link finder of markdown-it: bare domains, brackets
// and sentence punctuation around them) against the full list of top-level domains; both load
// on first use only.
import type { LinkifyIt } from 'linkify-it';
import { isFreeMailDomain } from './addresses';
import { asciiDomain, registrableDomain } from './emails';
import type { Where } from './text-scan';

/** Domains taken from one text: a pasted list of links is not a list of customers. */
const MAX_DOMAINS = 10;
/** Text beyond this is not searched, as for addresses. */
const MAX_TEXT = 32_000;
// File names that end in a country's domain: "setup.py", "README.md", "install.sh".
const FILE_LIKE = /\.(?:py|md|sh|rs|pl|cc|so|mo|ps)$/i;

let finder: LinkifyIt | undefined;

function linkFinder(): LinkifyIt {
  if (finder) return finder;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { linkifyit } = require('linkify-it') as typeof import('linkify-it');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tlds = require('tlds') as string[];
  finder = linkifyit({ fuzzyLink: true, fuzzyEmail: false, tlds });
  return finder;
}

export interface WrittenDomain {
  /** Registrable domain in ASCII ("blueoceanseafood.co.nz"). */
  domain: string;
  where: Where;
}

/** The registrable domains of the web addresses in the text, free mail providers left out. */
export function webDomainsInText(where: Where, text: string): WrittenDomain[] {
  const sample = text.slice(0, MAX_TEXT);
  if (!/[\p{L}\p{N}]\.[\p{L}]/u.test(sample)) return [];
  const found = new Set<string>();
  for (const match of linkFinder().match(sample) ?? []) {
    // An address's domain is read with the address (emails.ts); a bare file name is no site.
    if (match.schema === 'mailto:' || (match.schema === '' && FILE_LIKE.test(match.raw))) continue;
    let host: string;
    try {
      host = new URL(match.url).hostname;
    } catch {
      continue;
    }
    const registrable = registrableDomain(host);
    const domain = registrable === undefined ? undefined : asciiDomain(registrable);
    if (domain === undefined || isFreeMailDomain(domain)) continue;
    found.add(domain);
    if (found.size >= MAX_DOMAINS) break;
  }
  return [...found].map((domain) => ({ domain, where }));
}

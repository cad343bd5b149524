import { Link } from '@forge/react';
import { isHttpsUrl } from '../../shared/guards';

/** A record's page in Atlas CRM; links that are not https are not shown at all. */
export function OpenInCrmLink({ url }: { url: string | undefined }) {
  return isHttpsUrl(url) ? (
    <Link href={url} openNewTab>
      Open in Atlas CRM
    </Link>
  ) : null;
}

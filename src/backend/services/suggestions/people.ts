// Contacts found by name: the reporter or a participant whose address Jira hides, or who writes
// from free mail, and whose display name is exactly one contact's; and people named in the text
// or its signature. A name two contacts share names neither.
import type { Entity, Template } from '../../../crm';
import { personKeys } from '../names';
import { entityName } from '../summaries';
import type { Candidate } from './candidates';
import { companyDomainOf } from './addresses';
import { withoutPlusTag } from './emails';
import { findMentions, strongestMention } from './mentions';
import type { NamedPerson, SearchPlan } from './plan';
import { shortName } from './text';
import { PERSON_WRITTEN, WEIGHT } from './weights';

/** Contacts listed by name, grouped by their name's key; only names of two words or more. */
function byKey(contacts: readonly Entity[], template: Template): Map<string, Entity[]> {
  const out = new Map<string, Entity[]>();
  for (const contact of contacts)
    for (const key of personKeys(entityName(contact, template))) {
      if (!key.includes(' ')) continue;
      const list = out.get(key) ?? [];
      if (!list.some((known) => known.id === contact.id)) list.push(contact);
      out.set(key, list);
    }
  return out;
}

function personReason(person: NamedPerson): string {
  const who = person.role === 'reporter' ? 'The reporter' : 'A request participant';
  const why = person.email
    ? `their address, ${person.email}, is not the contact's`
    : 'Jira hides their email address';
  return `${who}, ${shortName(person.name)}, has this contact's name (${why})`;
}

/**
 * Contacts named by the people on the request or in the text. `foundByEmail`: the addresses
 * (lower-cased) that found a contact; a person whose address did is not looked up by name.
 */
export function nameCandidates(
  contacts: readonly Entity[],
  template: Template,
  plan: SearchPlan,
  foundByEmail: ReadonlySet<string>,
): Candidate[] {
  const groups = byKey(contacts, template);
  const out: Candidate[] = [];
  for (const person of plan.people) {
    const group = personKeys(person.name)
      .map((key) => groups.get(key))
      .find((found) => found !== undefined);
    if (!group || group.length !== 1) continue;
    // A company address that finds no contact says who they are better than a namesake would.
    if (person.email && companyDomainOf(person.email) !== undefined) continue;
    const bare = person.email ? withoutPlusTag(person.email) : undefined;
    if (person.email && (foundByEmail.has(person.email) || (bare && foundByEmail.has(bare))))
      continue;
    out.push({
      entity: group[0] as Entity,
      source: person.role,
      reason: personReason(person),
      weight: person.role === 'reporter' ? WEIGHT.reporterByName : WEIGHT.participantByName,
      byName: true,
    });
  }
  for (const [key, group] of groups) {
    if (group.length !== 1) continue;
    const mentions = findMentions(plan.texts, key.split(' '));
    if (mentions.length === 0) continue;
    const { mention: best, weight } = strongestMention(mentions, PERSON_WRITTEN);
    const text = plan.texts.find((t) => t.where === best.where)?.text ?? '';
    const written = shortName(text.slice(best.start, best.end));
    out.push({
      entity: group[0] as Entity,
      source: 'text',
      reason: `${written} is named in the ${best.signature ? 'signature' : best.where}`,
      weight,
    });
  }
  return out;
}

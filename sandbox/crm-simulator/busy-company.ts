// One company with a great many sales of its own (a busy account), added to any dataset: what
// reading one company's sales costs is measured against it. Its own seeded PRNG, so the same
// count always gives the same records, whatever the dataset, and a test can rebuild them.
import type { FieldValues } from '../../src/crm/types';
import { createRng, intBetween, pick, uuidFrom } from '../shared/prng';
import type { PersistedState, StoredEntity } from './store';
import { PRODUCTS } from './templates';

export const BUSY_COMPANY_NAME = 'Hollandia Freight Group BV';

const FIRST_DAY = Date.UTC(2016, 0, 1);
const DAYS = 3650;

function dayOf(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The busy company and its sales: about half open, opened over ten years, 2% undated. */
export function busyCompany(sales: number, seed = 20250701): PersistedState {
  const rng = createRng(seed);
  const idRng = createRng(seed ^ 0x5bd1e995);
  const companyId = uuidFrom(idRng);
  const entities: StoredEntity[] = [
    {
      id: companyId,
      type: 'company',
      fields: { 'company-name': BUSY_COMPANY_NAME, 'company-website': 'https://www.hollandia.eu' },
    },
  ];
  const links: [string, string, string[]][] = [];
  for (let i = 0; i < sales; i++) {
    const id = uuidFrom(idRng);
    const status = rng() < 0.5 ? 'open' : rng() < 0.6 ? 'won' : 'lost';
    const fields: FieldValues = {
      'sale-name': `${pick(rng, PRODUCTS)} for Hollandia #${i}`,
      'sale-status': status,
      'sale-balance': Math.round(rng() * 50_000_00) / 100,
    };
    if (rng() >= 0.02) fields['sale-opened-at'] = dayOf(intBetween(rng, 0, DAYS));
    entities.push({ id, type: 'sale', fields });
    links.push([companyId, id, ['Customer']]);
  }
  return { version: 1, entities, links, issues: {}, comments: {} };
}

/** The state with a busy company of `sales` sales added (none when 0). */
export function withBusyCompany(state: PersistedState, sales = 0): PersistedState {
  if (sales <= 0) return state;
  const busy = busyCompany(sales);
  return {
    ...state,
    entities: [...state.entities, ...busy.entities],
    links: [...state.links, ...busy.links],
  };
}

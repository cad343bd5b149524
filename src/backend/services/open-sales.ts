// The open sales (status neither won nor lost) of the companies linked to an issue: each
// company's sale links in one parallel round, their fields only where the list left them out.
import {
  allFields,
  MAX_PAGE_SIZE,
  mapSettled,
  type CrmClient,
  type Entity,
  type FieldFilter,
  type Template,
  type TemplateField,
} from '../../crm';
import type { CompanySales, OpenSale, OpenSalesData } from '../../shared/contract';
import { describeForLog } from '../redact';
import { isEntityId } from '../../shared/ids';
import type { LinkRecord } from '../storage/link-record-format';
import { toSummary } from './summaries';
import type { CrmAccess } from './crm';

/** Sales shown under a company; the rest are counted ("and 4 more"). */
export const OPEN_SALES_SHOWN = 3;
/**
 * The largest page Atlas CRM allows, so almost every company is one request. A company with more
 * open sales has its further pages read too: the API documents no descending sort, so the newest
 * can only be told after reading them all.
 */
export const OPEN_SALES_PAGE = MAX_PAGE_SIZE;
/** Companies read at once: the usual handful is one parallel round, hundreds stay polite. */
const COMPANIES_AT_ONCE = 20;

const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/);

/** "Won", "Closed won", "Closed - lost": a status whose words say won or lost is closed. */
function isClosedStatus(label: string): boolean {
  const said = words(label);
  return said.includes('won') || said.includes('lost');
}

const says = (field: TemplateField, word: string) =>
  words(field.id).includes(word) || words(field.label).includes(word);

interface SaleFields {
  status: TemplateField;
  /** Option labels that are not won or lost; undefined when the template lists no options. */
  openLabels?: string[];
  balance?: TemplateField;
  opened?: TemplateField;
}

/** The sale template's status, balance and opened-on fields, found by their id or label. */
function saleFields(template: Template): SaleFields | undefined {
  const fields = allFields(template);
  const status =
    fields.find((f) => f.type === 'single-select' && f.id === 'sale-status') ??
    fields.find((f) => f.type === 'single-select' && (says(f, 'status') || says(f, 'stage')));
  if (!status) return undefined;
  // By its name first, with or without a currency; else the one decimal that is money.
  const decimals = fields.filter((f) => f.type === 'decimal');
  const balance =
    ['balance', 'amount', 'value'].flatMap((word) => decimals.filter((f) => says(f, word)))[0] ??
    decimals.find((f) => f.config?.currency);
  const opened = fields.find((f) => f.type === 'date' && (says(f, 'opened') || says(f, 'open')));
  const options = status.config?.options?.map((o) => o.label);
  return {
    status,
    ...(options ? { openLabels: options.filter((l) => !isClosedStatus(l)) } : {}),
    ...(balance ? { balance } : {}),
    ...(opened ? { opened } : {}),
  };
}

/** The sale as an open sale, or undefined when it is won, lost or has no status. */
function openSaleOf(entity: Entity, template: Template, fields: SaleFields): OpenSale | undefined {
  const status = entity.fields?.[fields.status.id];
  if (typeof status !== 'string' || status.trim() === '' || isClosedStatus(status))
    return undefined;
  // The template's spelling of the option ("Negotiation"), whatever case the CRM answered in.
  const label = fields.openLabels?.find((l) => l.toLowerCase() === status.toLowerCase());
  const sale: OpenSale = { entity: toSummary(entity, template), stage: label ?? status };
  const balance = fields.balance ? entity.fields?.[fields.balance.id] : undefined;
  if (typeof balance === 'number' && Number.isFinite(balance)) {
    sale.balance = balance;
    const currency = fields.balance?.config?.currency;
    if (currency) sale.currency = currency;
  }
  return sale;
}

function openedOn(entity: Entity, fields: SaleFields): string {
  const value = fields.opened ? entity.fields?.[fields.opened.id] : undefined;
  return typeof value === 'string' ? value : '';
}

interface Read {
  entity: Entity;
  sale: OpenSale;
}

async function companySales(
  crm: CrmClient,
  companyId: string,
  template: Template,
  fields: SaleFields,
): Promise<CompanySales> {
  // Repeated eq filters are an OR: only open sales are listed, and the total counts them all.
  const filters: FieldFilter[] = (fields.openLabels ?? []).map((label) => ({
    fieldId: fields.status.id,
    operator: 'eq',
    value: label,
  }));
  const listed: Entity[] = [];
  for await (const link of crm.iterateLinks(companyId, {
    type: 'sale',
    filters,
    size: OPEN_SALES_PAGE,
    // Oldest opened first (the API documents ascending sort only): the newest are at the end.
    ...(fields.opened ? { sortBy: fields.opened.id } : {}),
  }))
    if (link.entity.type === 'sale' && isEntityId(link.entity.id)) listed.push(link.entity);

  // Lists with fields cost nothing more to read whole. Without them each sale is a request of its
  // own, so only the newest end is read, a few at a time, until the shown ones are known. Without
  // options to filter on, every sale must be read to count the open ones.
  const readAll = !fields.openLabels || listed.every((entity) => entity.fields !== undefined);
  const order = fields.opened ? [...listed].reverse() : listed;
  const read: Read[] = [];
  let notOpen = 0;
  const enough = () =>
    (fields.opened ? read.filter((x) => openedOn(x.entity, fields) !== '') : read).length >=
    OPEN_SALES_SHOWN;
  for (let at = 0; at < order.length && !enough(); at += OPEN_SALES_SHOWN) {
    const chunk = readAll ? order : order.slice(at, at + OPEN_SALES_SHOWN);
    const entities = await crm.withFields(chunk);
    notOpen += chunk.length - entities.length;
    for (const entity of entities) {
      const sale = openSaleOf(entity, template, fields);
      if (sale) read.push({ entity, sale });
      else notOpen++;
    }
    if (readAll) break;
  }
  // Newest first by the yyyy-mm-dd opened date; undated ones keep their order, last.
  const open = read.sort((a, b) =>
    openedOn(b.entity, fields).localeCompare(openedOn(a.entity, fields)),
  );
  return {
    items: open.slice(0, OPEN_SALES_SHOWN).map((x) => x.sale),
    total: listed.length - notOpen,
  };
}

export async function openSales(getCrm: CrmAccess, record: LinkRecord): Promise<OpenSalesData> {
  const companies = record.links.filter(
    (link) => link.type === 'company' && link.status !== 'deleted' && isEntityId(link.id),
  );
  if (companies.length === 0) return { byCompany: {} };
  const template = (await getCrm.templates()).sale;
  const fields = saleFields(template);
  // Entries, not assignment: an id such as `__proto__` stays a key of its own.
  const entries: [string, CompanySales][] = [];
  // No status field, or only won and lost to choose from: no sale can be told open.
  if (!fields || fields.openLabels?.length === 0) {
    for (const company of companies) entries.push([company.id, { items: [], total: 0 }]);
    return { byCompany: Object.fromEntries(entries) };
  }
  const crm = getCrm();
  const reads = await mapSettled(companies, COMPANIES_AT_ONCE, (company) =>
    companySales(crm, company.id, template, fields),
  );
  const failed: string[] = [];
  reads.forEach((read, index) => {
    const company = companies[index];
    if (!company) return;
    if (read.status === 'fulfilled') entries.push([company.id, read.value]);
    else {
      failed.push(company.id);
      console.warn(
        `[atlas-crm] open sales of a linked company could not be read: ${describeForLog(read.reason)}`,
      );
    }
  });
  // None could be read: the call fails in plain words (and offers Retry), rather than look empty.
  const firstFailure = reads.find((read) => read.status === 'rejected');
  if (entries.length === 0 && firstFailure?.status === 'rejected') throw firstFailure.reason;
  return { byCompany: Object.fromEntries(entries), ...(failed.length > 0 ? { failed } : {}) };
}

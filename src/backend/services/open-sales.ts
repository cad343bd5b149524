// The open sales (status neither won nor lost) of the companies linked to an issue: one request
// per company, side by side, that Atlas CRM filters by status and sorts newest first, so a company
// with tens of thousands of sales costs what one with three does; the rest are in Atlas CRM.
import {
  allFields,
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
import { appUrlOf, toSummary } from './summaries';
import type { CrmAccess } from './crm';

/** Sales shown under a company; one page of this size is all that is read of a company. */
export const OPEN_SALES_SHOWN = 3;
/**
 * Sales read when the template names no status options to filter on: the open ones are told
 * among the newest of these (without fields in lists, one parallel round of reads).
 */
export const UNFILTERED_PAGE = 20;
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

/** Repeated eq filters are an OR: the open statuses only, and the page's total counts them all. */
function openFilters(fields: SaleFields, labels: string[]): FieldFilter[] {
  return labels.map((label) => ({ fieldId: fields.status.id, operator: 'eq', value: label }));
}

async function companySales(
  crm: CrmClient,
  companyId: string,
  template: Template,
  fields: SaleFields,
): Promise<CompanySales> {
  const labels = fields.openLabels;
  const page = await crm.listLinks(companyId, {
    type: 'sale',
    ...(labels ? { filters: openFilters(fields, labels) } : {}),
    size: labels ? OPEN_SALES_SHOWN : UNFILTERED_PAGE,
    // `-field` sorts descending: the newest opened first, undated ones after them.
    ...(fields.opened ? { sortBy: `-${fields.opened.id}` } : {}),
  });
  const listed = page.items
    .map((link) => link.entity)
    .filter((entity) => entity.type === 'sale' && isEntityId(entity.id));
  // Fields only where the list left them out; a sale deleted meanwhile is left out.
  const read = await crm.withFields(listed);
  const open = read
    .map((entity) => openSaleOf(entity, template, fields))
    .filter((sale): sale is OpenSale => sale !== undefined);
  const hasNext = Boolean(page._links.next?.href) || page.total > page.items.length;
  // Filtered, Atlas CRM counted them (less any listed one that was not open after all); else
  // only a page that held every sale says how many are open.
  const total = labels
    ? Math.max(open.length, page.total - (listed.length - open.length))
    : hasNext
      ? undefined
      : open.length;
  const items = open.slice(0, OPEN_SALES_SHOWN);
  const more = total === undefined || total > items.length;
  const moreUrl = more ? appUrlOf('company', companyId) : undefined;
  return {
    items,
    ...(total !== undefined ? { total } : {}),
    ...(moreUrl ? { moreUrl } : {}),
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

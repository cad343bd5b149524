// The open sales (status neither won nor lost) of the companies linked to an issue.
import type { CrmClient } from '../../crm';
import type { OpenSalesData } from '../../shared/contract';
import { AppFailure } from '../errors';
import type { LinkRecord } from '../storage/link-record-format';

export async function openSales(
  _getCrm: () => CrmClient,
  _record: LinkRecord,
): Promise<OpenSalesData> {
  throw new AppFailure('INTERNAL', 'Open sales are not built yet.');
}

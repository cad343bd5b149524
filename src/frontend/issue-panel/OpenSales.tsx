// A linked company's open sales, beneath its card: read once after the panel painted, and again
// only when the set of linked companies changes.
import { useCallback, useEffect, useState } from 'react';
import { Box, Button, Inline, Link, Lozenge, Stack, Text, xcss } from '@forge/react';
import type { AppError, CompanySales, LinkedEntity, OpenSalesData } from '../../shared/contract';
import { isHttpsUrl } from '../../shared/guards';
import { call } from '../shared/api';
import { formatDecimal, formatOption } from '../shared/format';
import { RecordNameButton } from './RecordNameButton';

const indent = xcss({ paddingInlineStart: 'space.200' });

export interface OpenSalesState {
  byCompany?: OpenSalesData['byCompany'];
  /** Companies whose sales could not be read while the others answered. */
  failed?: string[];
  error?: AppError;
  /** An answer for the linked companies as they are now is on its way. */
  loading: boolean;
  retry: () => void;
}

/** The ids of the linked companies that still exist, in a stable order: what the answer is for. */
function companyKey(links: LinkedEntity[]): string {
  return links
    .filter((link) => link.type === 'company' && link.status !== 'deleted')
    .map((link) => link.id)
    .sort()
    .join(',');
}

/**
 * Open sales of the linked companies; `enabled` only for people who may search (sales are read
 * beyond the linked records). The last answer stays while a newer one is read, so nothing blinks.
 */
export function useOpenSales(links: LinkedEntity[], enabled: boolean): OpenSalesState {
  const key = enabled ? companyKey(links) : '';
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{
    /** The companies (and attempt) it answers for. */
    for?: string;
    byCompany?: OpenSalesData['byCompany'];
    failed?: string[];
    error?: AppError;
  }>({});
  const asked = `${key}#${attempt}`;
  useEffect(() => {
    if (key === '') return;
    let live = true;
    void call('sales/open').then((result) => {
      if (!live) return;
      setAnswer((previous) =>
        result.ok
          ? {
              for: asked,
              byCompany: result.data.byCompany,
              ...(result.data.failed ? { failed: result.data.failed } : {}),
            }
          : { for: asked, byCompany: previous.byCompany, error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [key, attempt, asked]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  if (key === '') return { loading: false, retry };
  const { byCompany, failed, error } = answer;
  return {
    ...(byCompany ? { byCompany } : {}),
    ...(failed ? { failed } : {}),
    ...(error ? { error } : {}),
    loading: answer.for !== asked,
    retry,
  };
}

/** A company's entry; own keys only, so an id such as `constructor` never finds Object's. */
export function salesOf(
  byCompany: OpenSalesData['byCompany'] | undefined,
  companyId: string,
): CompanySales | undefined {
  return byCompany && Object.hasOwn(byCompany, companyId) ? byCompany[companyId] : undefined;
}

export interface OpenSalesProps {
  sales?: CompanySales;
  /** Its sales are being read: a line holds their place, so the cards below do not jump later. */
  loading?: boolean;
  /** Its sales could not be read while other companies' could: said, with Retry. */
  failed?: boolean;
  onRetry?: () => void;
  onOpen?: (entityId: string) => void;
}

/** A quiet line while reading and when there are none; nothing when they could not be read. */
export function OpenSales({ sales, loading, failed, onRetry, onOpen }: OpenSalesProps) {
  if (!sales && failed && !loading)
    return (
      <Box xcss={indent}>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.warning">
            Open sales could not be read from Atlas CRM.
          </Text>
          {onRetry ? (
            <Button appearance="subtle" spacing="compact" onClick={onRetry}>
              Retry
            </Button>
          ) : null}
        </Inline>
      </Box>
    );
  if (!sales && loading)
    return (
      <Box xcss={indent}>
        <Text size="small" color="color.text.subtle">
          Looking for open sales…
        </Text>
      </Box>
    );
  if (!sales) return null;
  if (sales.items.length === 0 && !sales.moreUrl)
    return (
      <Box xcss={indent}>
        <Text size="small" color="color.text.subtle">
          No open sales
        </Text>
      </Box>
    );
  return (
    <Box xcss={indent}>
      <Stack space="space.050">
        <Text size="small" weight="medium">
          {sales.total === undefined ? 'Open sales' : `Open sales (${sales.total})`}
        </Text>
        {sales.items.map((sale) => (
          <Inline key={sale.entity.id} space="space.100" alignBlock="center" shouldWrap>
            {onOpen ? (
              <RecordNameButton id={sale.entity.id} name={sale.entity.name} onOpen={onOpen} />
            ) : (
              <Text>{sale.entity.name}</Text>
            )}
            <Lozenge appearance="inprogress">{formatOption(sale.stage)}</Lozenge>
            {sale.balance !== undefined ? (
              <Text>{formatDecimal(sale.balance, sale.currency)}</Text>
            ) : null}
          </Inline>
        ))}
        <MoreInCrm sales={sales} />
      </Stack>
    </Box>
  );
}

/** The ones not shown are in Atlas CRM: the company's page there, read no further here. */
function MoreInCrm({ sales }: { sales: CompanySales }) {
  const more = sales.total === undefined ? undefined : sales.total - sales.items.length;
  if (more !== undefined && more <= 0) return null;
  const text =
    more === undefined
      ? sales.items.length === 0
        ? 'None of the newest sales is open: see all in Atlas CRM'
        : 'More in Atlas CRM'
      : `and ${more} more in Atlas CRM`;
  return (
    <Text size="small" color="color.text.subtle">
      {isHttpsUrl(sales.moreUrl) ? (
        <Link href={sales.moreUrl} openNewTab>
          {text}
        </Link>
      ) : (
        text
      )}
    </Text>
  );
}

// The gadget's view: the customers with the most open issues, each count a link to the issue
// navigator, and how long the oldest has waited. Says when the counts are approximate.
import { DynamicTable, Link, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { GadgetConfig } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { useResolver } from '../shared/useResolver';
import { waited } from './config';

const HEAD = {
  cells: [
    { key: 'customer', content: 'Customer' },
    { key: 'open', content: 'Open issues' },
    { key: 'oldest', content: 'Oldest open for' },
  ],
};

const sumOf = (customers: readonly { count: number }[]) =>
  customers.reduce((sum, customer) => sum + customer.count, 0);

export function Customers({ config }: { config: GadgetConfig }) {
  const { data, error, retry } = useResolver('gadget/customers', config);
  if (error) return <AppErrorMessage error={error} onRetry={retry} />;
  if (!data) return <Spinner label="Counting open issues by customer" />;
  if (data.customers.length === 0)
    return <Text>No open issues with an Atlas CRM customer here.</Text>;
  const about = data.approximate ? 'about ' : '';
  const rows = data.customers.map((customer) => ({
    key: customer.name,
    cells: [
      { key: 'customer', content: <Text weight="medium">{customer.name}</Text> },
      {
        key: 'open',
        content: (
          <Link href={customer.navigatorPath} openNewTab>
            {`${about}${customer.count}`}
          </Link>
        ),
      },
      { key: 'oldest', content: <Text>{waited(customer.oldestCreated)}</Text> },
    ],
  }));
  return (
    <Stack space="space.100">
      <DynamicTable head={HEAD} rows={rows} />
      <Text size="small" color="color.text.subtle">
        <Link href={data.scopeNavigatorPath} openNewTab>
          {`${about}${data.total} open issues with a customer`}
        </Link>
      </Text>
      {sumOf(data.customers) > data.total ? (
        <Text size="small" color="color.text.subtle">
          An issue linked to more than one customer counts under each.
        </Text>
      ) : null}
      {data.approximate ? (
        <SectionMessage appearance="information">
          <Text>
            {`Approximate: too many open issues to count one by one in time. Customers are ranked from the oldest ${data.scanned} and counted by Jira's estimate.`}
          </Text>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}

// "Open issues by customer": Jira opens the same resource for the gadget's view and its edit
// view (`extension.entryPoint === 'edit'`), with the saved configuration in the context.
import { Spinner, Text, useProductContext } from '@forge/react';
import { isRecord } from '../../shared/guards';
import { Configure } from './Configure';
import { Customers } from './Customers';
import { readConfig } from './config';

export function App() {
  const context = useProductContext();
  if (!context) return <Spinner label="Loading" />;
  const extension: unknown = context.extension;
  const ext = isRecord(extension) ? extension : {};
  const config = readConfig(ext.gadgetConfiguration);
  if (ext.entryPoint === 'edit') return <Configure {...(config ? { initial: config } : {})} />;
  if (!config) return <Text>Edit this gadget to choose a project or a JQL query.</Text>;
  return <Customers config={config} />;
}

// The one resolver of the app: every key of the contract, typed by makeResolver<Defs>().
import { makeResolver } from '@forge/resolver';
import type { Defs } from '../../shared/contract';
import { adminResolvers } from './admin';
import { dashboardResolvers } from './dashboard';
import { issuePanelResolvers } from './issue-panel';
import { resolverTable } from './table';

export const resolvers = resolverTable({
  ...issuePanelResolvers,
  ...adminResolvers,
  ...dashboardResolvers,
});

export const handler = makeResolver<Defs>(resolvers);

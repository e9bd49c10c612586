// Every page of the console, as data: its address, title, who may see it, where it sits in the
// navigation. The router, the navigation bar and the refusal of a page to a role read this one
// list.
import { lazy, type ComponentType } from 'react';
import type { Permission } from '../../../server/services/access.ts';
import type { MessageKey } from '../i18n/i18n.tsx';

export interface PageProps {
  /** The path's parameters, e.g. `{ id: '42' }` for `/alerts/:id`. */
  params: Record<string, string>;
}

export interface PageDefinition {
  id: string;
  /** Path pattern with `:name` parameters. */
  path: string;
  title: MessageKey;
  /** What the signed-in role must hold to see the page (any one of a list); null: anyone signed in. */
  permission: Permission | readonly Permission[] | null;
  /** Shown in the navigation bar, in this group. */
  nav?: 'work' | 'uploads' | 'supervision' | 'admin';
  component: ComponentType<PageProps>;
}

const page = (loader: () => Promise<{ default: ComponentType<PageProps> }>) => lazy(loader);

export const pages: PageDefinition[] = [
  { id: 'queue', path: '/queue', title: 'page.queue', permission: 'alerts:read', nav: 'work', component: page(() => import('./QueuePage.tsx')) },
  { id: 'alert', path: '/alerts/:id', title: 'page.alert', permission: 'alerts:read', component: page(() => import('./AlertPage.tsx')) },
  { id: 'find', path: '/find', title: 'page.find', permission: 'consignments:read', nav: 'work', component: page(() => import('./FindPage.tsx')) },
  { id: 'consignment', path: '/consignments/:id', title: 'page.consignment', permission: 'consignments:read', component: page(() => import('./ConsignmentPage.tsx')) },
  { id: 'holder', path: '/holders/:id', title: 'page.holder', permission: 'consignments:read', component: page(() => import('./HolderPage.tsx')) },
  { id: 'imports', path: '/imports', title: 'page.imports', permission: 'imports:read', nav: 'uploads', component: page(() => import('./ImportsPage.tsx')) },
  { id: 'batch', path: '/imports/:id', title: 'page.batch', permission: 'imports:read', component: page(() => import('./BatchPage.tsx')) },
  { id: 'columns', path: '/columns', title: 'page.columns', permission: 'imports:read', nav: 'uploads', component: page(() => import('./ColumnsPage.tsx')) },
  { id: 'rules', path: '/rules', title: 'page.rules', permission: 'rules:read', nav: 'work', component: page(() => import('./RulesPage.tsx')) },
  { id: 'rule', path: '/rules/:id', title: 'page.rule', permission: 'rules:read', component: page(() => import('./RulePage.tsx')) },
  { id: 'dashboard', path: '/dashboard', title: 'page.dashboard', permission: 'dashboard:read', nav: 'supervision', component: page(() => import('./DashboardPage.tsx')) },
  { id: 'drafts', path: '/drafts', title: 'page.drafts', permission: ['rules:publish', 'rules:write'], nav: 'supervision', component: page(() => import('./DraftsPage.tsx')) },
  { id: 'snoozes', path: '/snoozes', title: 'page.snoozes', permission: 'rules:snooze', nav: 'supervision', component: page(() => import('./SnoozesPage.tsx')) },
  { id: 'audit', path: '/audit', title: 'page.audit', permission: 'audit:read', nav: 'supervision', component: page(() => import('./AuditPage.tsx')) },
  { id: 'tokens', path: '/tokens', title: 'page.tokens', permission: 'tokens:manage', nav: 'admin', component: page(() => import('./TokensPage.tsx')) },
];

/** The page a role lands on after signing in: the first of these it may see. */
export const homeOrder = ['queue', 'dashboard', 'rules', 'find', 'imports', 'tokens'] as const;

export function findPage(path: string): { page: PageDefinition; params: Record<string, string> } | null {
  for (const candidate of pages) {
    const params = matchPattern(candidate.path, path);
    if (params) return { page: candidate, params };
  }
  return null;
}

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${source}/?$`).exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
}

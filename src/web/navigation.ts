import { may, type Principal } from '../access/index.ts';

export interface NavigationItem {
  href: string;
  text: string;
  active?: boolean;
}

/** The service navigation a person sees: only what their roles let them use. */
export function navigationFor(principal: Principal, currentPath: string): NavigationItem[] {
  const items: NavigationItem[] = [{ href: '/', text: 'Home' }];
  if (may.manageUsers(principal)) items.push({ href: '/admin/users', text: 'Users' });
  if (may.readAuditLog(principal)) items.push({ href: '/audit', text: 'Audit log' });
  if (may.readAgreements(principal)) items.push({ href: '/agreements', text: 'Agreements' });
  if (may.readAgreements(principal)) items.push({ href: '/partners', text: 'Partners' });
  if (may.readRoadmap(principal)) items.push({ href: '/roadmap', text: 'Roadmap' });
  if (may.readUploads(principal)) items.push({ href: '/uploads', text: 'Uploads' });
  if (may.readFamilies(principal)) items.push({ href: '/families', text: 'Families' });
  if (may.reviewLinkage(principal)) items.push({ href: '/linkage-review', text: 'Linkage review' });
  if (may.readAllocatedFamilies(principal)) items.push({ href: '/my-families', text: 'My families' });
  if (may.readSharedFamilies(principal))
    items.push({ href: '/shared-families', text: 'Families we work with' });
  if (may.readFrameworks(principal)) items.push({ href: '/frameworks', text: 'Frameworks' });
  return items.map((item) => ({
    ...item,
    active: item.href === '/' ? currentPath === '/' : currentPath.startsWith(item.href),
  }));
}

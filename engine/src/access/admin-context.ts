import type { RequestOrigin } from './audit-log.ts';

/** Who makes an admin change and from where: every change is written to the audit log with it. */
export interface AdminContext {
  actorId: string;
  origin: RequestOrigin;
}

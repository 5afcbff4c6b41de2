import { AppError, type Actor, type TenantRef } from '../kernel/index.ts';
import type { Knex } from '../db/index.ts';
import { getUser, listUsers } from '../access/index.ts';

/** The admin a package is installed as: metadata changes, audit entries and sample records carry their id. */
export async function packageActor(db: Knex | Knex.Transaction, tenant: TenantRef, userId: string): Promise<Actor> {
  const user = await getUser(db, tenant.schema, userId);
  if (!user.is_admin || !user.active) throw new AppError('forbidden', 'Packages are installed by an active administrator of the tenant');
  // Locale and time zone carried here spare the save pipeline a user lookup per sample record.
  return { tenant, userId: user.id, email: user.email, isAdmin: true, locale: user.locale, timeZone: user.time_zone };
}

/** The tenant's oldest active administrator (the CLI installs as them); tenant_not_found-like 409 when there is none. */
export async function firstAdminId(db: Knex, tenant: TenantRef): Promise<string> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listUsers(db, tenant.schema, { limit: 500, active: true, cursor });
    const admin = page.items.find((u) => u.is_admin);
    if (admin) return admin.id;
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  throw new AppError('user_not_found', `Tenant "${tenant.slug}" has no active administrator to install as; create one first: tessera user create --tenant ${tenant.slug} --email you@example.com --admin`);
}

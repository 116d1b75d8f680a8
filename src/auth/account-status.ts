// Whether an account may act right now (exists, not disabled) and whether it is an admin, asked on
// every authenticated request; kept per process and dropped by the bus's account announcements.
import type { Queryable } from '../db/database.js';
import type { AccountChangeFeed } from '../events/account-changes.js';

export interface AccountStanding {
  isAdmin: boolean;
}

/**
 * An entry is trusted at most this long even without an announcement: a change made where no bus
 * reaches (`storyagent user` with the servers running, or SQL by hand) shows within this time.
 */
export const ACCOUNT_STANDING_TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  standing: AccountStanding | undefined;
  at: number;
}

/**
 * Read-through cache of `users.disabled_at` / `is_admin` by user id. Without a feed, or while the
 * feed is not receiving (Redis away), every check reads the database; announcements drop the
 * user's entry, and a read that overlapped any announcement does not fill the cache (generation).
 */
export class AccountStandings {
  private readonly entries = new Map<number, Entry>();
  private generation = 0;

  constructor(
    private readonly db: Queryable,
    private readonly feed?: AccountChangeFeed,
    private readonly ttlMs = ACCOUNT_STANDING_TTL_MS,
  ) {
    feed?.onAccountChanged((change) => this.forget(change.userId));
    feed?.onReceivingAccountChanges(() => this.forget());
  }

  /** The account's standing, or undefined when it does not exist or is disabled. */
  async of(userId: number): Promise<AccountStanding | undefined> {
    const hit = this.entries.get(userId);
    if (hit && this.feed?.receivingAccountChanges && Date.now() - hit.at < this.ttlMs) return hit.standing;
    const generation = this.generation;
    const rows = await this.db.query<{ is_admin: boolean; disabled_at: Date | null }>(
      'SELECT is_admin, disabled_at FROM users WHERE id = $1',
      [userId],
    );
    const row = rows[0];
    const standing = row && !row.disabled_at ? { isAdmin: row.is_admin } : undefined;
    if (this.feed?.receivingAccountChanges && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(userId, { standing, at: Date.now() });
    }
    return standing;
  }

  /** Drops one user's entry (every entry when undefined). */
  forget(userId?: number): void {
    this.generation++;
    if (userId === undefined) this.entries.clear();
    else this.entries.delete(userId);
  }
}

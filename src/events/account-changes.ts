// Internal "account N changed" announcements between server processes (never sent to users): an
// account disabled, enabled, deleted or otherwise changed, so every process drops what it cached
// about it and closes that user's sockets at once.

export const ACCOUNT_CHANGES = ['disabled', 'enabled', 'deleted', 'updated'] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGES)[number];

/** Carried on its own channel (`{QUEUE_PREFIX}:account-changed`), JSON `{"user_id": N, "change": "disabled"}`. */
export interface AccountChange {
  userId: number;
  change: AccountChangeKind;
}

export interface AccountChangeFeed {
  /** Tells every process (this one included) that the account changed. Call after the commit. */
  publishAccountChanged(change: AccountChange): Promise<void>;
  /** Calls `listener` for every announcement reaching this process; returns an unsubscribe function. */
  onAccountChanged(listener: (change: AccountChange) => void): () => void;
  /**
   * True while announcements are flowing. While false (connecting, Redis away) some may be missed:
   * nothing about an account may be answered from memory then.
   */
  readonly receivingAccountChanges: boolean;
  /** Called whenever receivingAccountChanges may have changed; returns an unsubscribe function. */
  onReceivingAccountChanges(listener: (receiving: boolean) => void): () => void;
}

export const accountChangedChannel = (prefix: string) => `${prefix}:account-changed`;

export function encodeAccountChange(change: AccountChange): string {
  return JSON.stringify({ user_id: change.userId, change: change.change });
}

/** The announcement, or undefined for anything malformed. */
export function decodeAccountChange(json: string): AccountChange | undefined {
  try {
    const { user_id: userId, change } = JSON.parse(json) as { user_id?: unknown; change?: unknown };
    if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) return undefined;
    if (!ACCOUNT_CHANGES.includes(change as AccountChangeKind)) return undefined;
    return { userId, change: change as AccountChangeKind };
  } catch {
    return undefined;
  }
}

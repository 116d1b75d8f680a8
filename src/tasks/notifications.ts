// Sends notifications to users: stores the lasting ones (so clients that were away catch up with
// ?after=ID) and publishes them on the event bus; progress ticks are published only.
import type { Logger } from 'pino';
import type { EventBus, Notification, PublishedNotification } from '../events/types.js';
import type { NotificationRepository, NotificationRow } from './repository.js';

export type StoredNotification = PublishedNotification & { id: number; at: string };

export const NOTIFICATION_PAGE_MAX = 500;

export class NotificationService {
  constructor(private readonly deps: { notifications: NotificationRepository; bus: EventBus; log: Logger }) {}

  /** Stores then publishes. The caller has already committed the state change the message reports. */
  async send(userId: number, message: Notification): Promise<StoredNotification> {
    const row = await this.deps.notifications.insert(userId, message);
    const stored = toStored(row);
    await this.publish(userId, stored);
    return stored;
  }

  /** Publishes without storing (segment_progress: only of use while it is fresh). */
  async sendTransient(userId: number, message: Notification): Promise<void> {
    await this.publish(userId, message);
  }

  async listAfter(userId: number, afterId: number, limit: number): Promise<StoredNotification[]> {
    const rows = await this.deps.notifications.listAfter(
      userId,
      afterId,
      Math.min(limit, NOTIFICATION_PAGE_MAX),
    );
    return rows.map(toStored);
  }

  private async publish(userId: number, message: PublishedNotification): Promise<void> {
    try {
      await this.deps.bus.publish(userId, message);
    } catch (err) {
      // The message is stored (or was transient); a bus outage must not fail or repeat the job
      // whose result it reports. Clients catch up with GET /api/notifications?after=ID.
      this.deps.log.warn({ err, userId, type: message.type }, 'notification not published');
    }
  }
}

function toStored(row: NotificationRow): StoredNotification {
  const at = row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at);
  return { ...(row.payload as Notification), id: Number(row.id), at };
}

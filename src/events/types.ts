// Notifications: the typed messages users receive, and the bus that carries them (in-process, or
// Redis pub/sub on channel `user:{user_id}`) to every gateway node.

import type { AccountChangeFeed } from './account-changes.js';

export type Notification =
  | {
      type: 'segment_finished';
      task_id: number;
      segment_id: number;
      status: 'completed';
      resources: string[];
      /** Set when one page was redone (POST /api/task/{id}/pages/{n}/regenerate): which, and what. */
      page?: number;
      what?: 'image' | 'speech' | 'text';
    }
  | {
      type: 'segment_failed';
      task_id: number;
      segment_id: number;
      status: 'failed' | 'cancelled';
      error: string;
      /** Set when the run was redoing one page. */
      page?: number;
    }
  | {
      type: 'segment_progress';
      task_id: number;
      segment_id: number;
      status: 'running';
      progress: number;
      message?: string;
    }
  | {
      type: 'task_finished';
      v1_task_id: number;
      task_type: string;
      status: 'COMPLETED';
      download_url: string;
    }
  | { type: 'task_failed'; v1_task_id: number; task_type: string; status: 'FAILED'; error: string }
  /** TASK_RETENTION_DAYS: the task's files go at `expires_at` unless it is used again before. */
  | { type: 'task_expiring'; task_id: number; status: 'expiring'; expires_at: string }
  | { type: 'task_files_removed'; task_id: number; status: 'files_removed' };

/** A notification as published: stored ones carry their id and time. */
export type PublishedNotification = Notification & { id?: number; at?: string };

export const userChannel = (userId: number) => `user:${userId}`;

/** Also carries the internal account-change announcements (disable, delete…) between servers. */
export interface EventBus extends AccountChangeFeed {
  /** Publishes the JSON of `message` on `user:{userId}`. */
  publish(userId: number, message: PublishedNotification): Promise<void>;
  /**
   * Receives every user's messages reaching this process (one subscription per process, not per
   * socket); the gateway dispatches them by user id. Returns an unsubscribe function.
   */
  onMessage(listener: (userId: number, json: string) => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

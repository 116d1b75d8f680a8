// Notifications: the typed messages users receive, and the bus that carries them (in-process, or
// Redis pub/sub on channel `user:{user_id}`) to every gateway node.

export type Notification =
  | {
      type: 'segment_finished';
      task_id: number;
      segment_id: number;
      status: 'completed';
      resources: string[];
    }
  | {
      type: 'segment_failed';
      task_id: number;
      segment_id: number;
      status: 'failed' | 'cancelled';
      error: string;
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
  | { type: 'task_failed'; v1_task_id: number; task_type: string; status: 'FAILED'; error: string };

/** A notification as published: stored ones carry their id and time. */
export type PublishedNotification = Notification & { id?: number; at?: string };

export const userChannel = (userId: number) => `user:${userId}`;

export interface EventBus {
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

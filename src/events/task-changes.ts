// Internal "task N changed" announcements between service processes (never sent to users): every
// writer of task state publishes one after its commit, so per-process snapshot caches stay exact.

/** Carried on its own channel (`{QUEUE_PREFIX}:task-changed`), JSON `{"task_id": N}`. */
export interface TaskChangeFeed {
  /** Tells every process (this one included) that task `taskId`'s stored state changed. Call after the commit. */
  publishTaskChanged(taskId: number): Promise<void>;
  /** Calls `listener(taskId)` for every announcement reaching this process; returns an unsubscribe function. */
  onTaskChanged(listener: (taskId: number) => void): () => void;
  /**
   * True while announcements are flowing. While false (connecting, Redis away) some may be missed:
   * a cache must not answer from memory then, and must forget everything when this changes.
   */
  readonly receivingTaskChanges: boolean;
  /** Called whenever receivingTaskChanges may have changed; returns an unsubscribe function. */
  onReceivingChange(listener: (receiving: boolean) => void): () => void;
}

export const taskChangedChannel = (prefix: string) => `${prefix}:task-changed`;

export function encodeTaskChanged(taskId: number): string {
  return JSON.stringify({ task_id: taskId });
}

/** The task id of an announcement, or undefined for anything malformed. */
export function decodeTaskChanged(json: string): number | undefined {
  try {
    const id = (JSON.parse(json) as { task_id?: unknown }).task_id;
    return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

export function isTaskChangeFeed(value: unknown): value is TaskChangeFeed {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TaskChangeFeed).publishTaskChanged === 'function' &&
    typeof (value as TaskChangeFeed).onTaskChanged === 'function'
  );
}

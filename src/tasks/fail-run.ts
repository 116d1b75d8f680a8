// The one way a segment run ends in failure outside the user's cancel: record it (only if the run
// is still this job's), put the segments queued behind it back to pending, then tell the owner.
import type { NotificationService } from './notifications.js';
import type { TaskRepository } from './repository.js';

export interface FailedRun {
  userId: number;
  taskId: number;
  segmentId: number;
  jobId: string;
  /** One line, shown to the user. */
  error: string;
}

/** Resolves to false when the run had already ended or been replaced (nothing recorded or sent). */
export async function failRun(
  deps: { tasks: TaskRepository; notifications: NotificationService },
  run: FailedRun,
): Promise<boolean> {
  const { taskId, segmentId, error } = run;
  if (!(await deps.tasks.finishRun(taskId, segmentId, run.jobId, { status: 'failed', error }))) return false;
  await deps.tasks.releaseChain(taskId, segmentId);
  // Stored even when the bus is down: the client finds it with ?after=ID.
  await deps.notifications.send(run.userId, {
    type: 'segment_failed',
    task_id: taskId,
    segment_id: segmentId,
    status: 'failed',
    error,
  });
  return true;
}

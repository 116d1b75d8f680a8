// Checks a job's name and payload against JOB_SCHEMAS, for both queue implementations: at enqueue
// (a programming error surfaces at the call site) and again in the BullMQ worker (Redis data is untrusted).
import { badInput } from '../errors.js';
import { JOB_SCHEMAS, type JobName, type JobPayload } from './types.js';

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_SCHEMAS, name);
}

/** Returns the parsed payload, or throws a 400 AppError naming the job and the first bad field. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N>;
export function parseJobPayload(name: string, payload: unknown): unknown;
export function parseJobPayload(name: string, payload: unknown): unknown {
  if (!isJobName(name)) throw badInput('job', `unknown job name "${name}"`);
  const parsed = JOB_SCHEMAS[name].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['payload', ...issue.path.map(String)].join('.');
    throw badInput(field, `${issue.message} (job ${name})`);
  }
  return parsed.data;
}

/** Validates a caller-chosen job id: BullMQ rejects ':' in custom ids, so both implementations do. */
export function checkJobId(jobId: string): void {
  if (typeof jobId !== 'string' || jobId === '' || jobId.includes(':') || /^\d+$/.test(jobId)) {
    throw badInput('jobId', 'must be a non-empty string without ":" and not only digits');
  }
}

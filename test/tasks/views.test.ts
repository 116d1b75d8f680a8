// What progress answers say about a task, derived from its segment rows, and how byte ranges of
// the files route are read.
import { describe, expect, it } from 'vitest';
import { parseRange } from '../../src/server/routes/files.js';
import type { SegmentRow, SegmentStatus } from '../../src/tasks/repository.js';
import { currentSegment, overallProgress, taskStatus } from '../../src/tasks/views.js';

const rows = (...states: Array<SegmentStatus | [SegmentStatus, number]>): SegmentRow[] =>
  states.map((s, i) => {
    const [status, progress] = Array.isArray(s) ? s : [s, 0];
    return {
      task_id: 1,
      segment_id: i + 1,
      status,
      progress,
      job_id: null,
      run: 0,
      error: null,
      resources: [],
      started_at: null,
      finished_at: null,
    };
  });

describe('task status, current segment and overall progress', () => {
  it('is pending with nothing run, completed with everything run', () => {
    expect(taskStatus(rows('pending', 'pending', 'pending', 'pending', 'pending'))).toBe('pending');
    const done = rows('completed', 'completed', 'completed', 'completed', 'completed');
    expect([taskStatus(done), currentSegment(done), overallProgress(done)]).toEqual(['completed', 5, 100]);
  });

  it('is running while any segment is queued or running, and counts the running one’s progress', () => {
    const r = rows('completed', 'completed', ['running', 50], 'queued', 'queued');
    expect(taskStatus(r)).toBe('running');
    expect(currentSegment(r)).toBe(2);
    expect(overallProgress(r)).toBe(50); // (100 + 100 + 50) / 5
  });

  it('is failed when a segment failed; current_segment is the completed prefix', () => {
    const r = rows('completed', 'failed', 'pending', 'pending', 'pending');
    expect([taskStatus(r), currentSegment(r), overallProgress(r)]).toEqual(['failed', 1, 20]);
  });

  it('reads cancelled work as pending (to be executed again), never as failed', () => {
    expect(taskStatus(rows('completed', 'cancelled', 'cancelled', 'cancelled', 'cancelled'))).toBe('pending');
    expect(taskStatus(rows('completed', 'cancelled', 'failed', 'pending', 'pending'))).toBe('failed');
    expect(taskStatus(rows('cancelled', 'running', 'pending', 'pending', 'pending'))).toBe('running');
  });
});

describe('Range header', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
  ])('%s of 1000 bytes', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('is unsatisfiable past the end, ignored when invalid (backwards) or not one byte range', () => {
    expect(parseRange('bytes=1000-', 1000)).toBeNull();
    // RFC 9110 §14.1.1: last < first makes the range invalid, and an invalid Range is ignored.
    expect(parseRange('bytes=5-2', 1000)).toBeUndefined();
    expect(parseRange('bytes=-0', 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined();
    expect(parseRange('items=0-1', 1000)).toBeUndefined();
  });
});

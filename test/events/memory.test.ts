// The in-process bus delivers the exact JSON a Redis subscriber would see, tagged with the user id.
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/events/memory.js';
import type { Notification } from '../../src/events/types.js';

const finished: Notification = {
  type: 'segment_finished',
  task_id: 101,
  segment_id: 2,
  status: 'completed',
  resources: ['generated_stories/101/image/p1.png'],
};

describe('InProcessBus', () => {
  it('delivers the message JSON with its user id to every listener until unsubscribed', async () => {
    const bus = new InProcessBus();
    const a: [number, string][] = [];
    const b: [number, string][] = [];
    const offA = bus.onMessage((u, j) => a.push([u, j]));
    bus.onMessage((u, j) => b.push([u, j]));
    await bus.publish(42, { ...finished, id: 7 });
    offA();
    await bus.publish(43, finished);
    expect(a).toEqual([[42, JSON.stringify({ ...finished, id: 7 })]]);
    expect(b.map(([u]) => u)).toEqual([42, 43]);
    expect(JSON.parse(b[1]![1])).toEqual(finished);
    await bus.close();
    await bus.close();
    await expect(bus.ping()).rejects.toThrow(/closed/);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const bus = new InProcessBus();
    const got: number[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      bus.onMessage(() => {
        throw new Error('listener bug');
      });
      bus.onMessage((u) => got.push(u));
      await bus.publish(5, finished);
    } finally {
      console.error = original;
    }
    expect(got).toEqual([5]);
    await bus.close();
  });
});

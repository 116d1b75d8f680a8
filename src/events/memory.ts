// The embedded-mode notification bus: an EventEmitter in this process. Messages travel as the same
// JSON string Redis would carry, so listeners cannot come to depend on object identity.
import { EventEmitter } from 'node:events';
import type { AccountChange } from './account-changes.js';
import type { EventBus, PublishedNotification } from './types.js';

export type MessageListener = (userId: number, json: string) => void;

/** Calls each listener; a throwing listener is reported and does not stop the others or the publisher. */
export function dispatch(listeners: Iterable<MessageListener>, userId: number, json: string): void {
  for (const listener of listeners) {
    try {
      listener(userId, json);
    } catch (err) {
      console.error(`notification listener failed for user ${userId}:`, err);
    }
  }
}

export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();
  private closed = false;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async publish(userId: number, message: PublishedNotification): Promise<void> {
    if (this.closed) throw new Error('Event bus is closed');
    const json = JSON.stringify(message);
    dispatch(this.emitter.listeners('message') as MessageListener[], userId, json);
  }

  onMessage(listener: MessageListener): () => void {
    this.emitter.on('message', listener);
    return () => {
      this.emitter.off('message', listener);
    };
  }

  async publishAccountChanged(change: AccountChange): Promise<void> {
    if (this.closed) throw new Error('Event bus is closed');
    for (const listener of this.emitter.listeners('account') as Array<(c: AccountChange) => void>) {
      try {
        listener(change);
      } catch (err) {
        console.error(`account-change listener failed for user ${change.userId}:`, err);
      }
    }
  }

  onAccountChanged(listener: (change: AccountChange) => void): () => void {
    this.emitter.on('account', listener);
    return () => {
      this.emitter.off('account', listener);
    };
  }

  /** In one process nothing is ever missed. */
  readonly receivingAccountChanges = true;

  onReceivingAccountChanges(): () => void {
    return () => {};
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('Event bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
  }
}

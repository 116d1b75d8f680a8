// The scaled-mode notification bus: PUBLISH on `user:{id}` with exactly the message JSON, and one
// PSUBSCRIBE `user:*` connection per process, opened on the first listener, renewed after reconnects.
// The same connection carries the internal task-changed announcements (see task-changes.ts).
import { Redis } from 'ioredis';
import { quitRedis } from '../jobs/redis-connection.js';
import {
  type AccountChange,
  accountChangedChannel,
  decodeAccountChange,
  encodeAccountChange,
} from './account-changes.js';
import { dispatch, type MessageListener } from './memory.js';
import {
  decodeTaskChanged,
  encodeTaskChanged,
  type TaskChangeFeed,
  taskChangedChannel,
} from './task-changes.js';
import { type EventBus, type PublishedNotification, userChannel } from './types.js';

const USER_CHANNEL = /^user:(\d+)$/;

export interface RedisBusOptions {
  /** Failed commands are retried this many times across reconnects before publish() rejects (default 2). */
  maxRetriesPerRequest?: number;
  /** CLIENT SETNAME prefix (`NAME-pub`, `NAME-sub`), to spot the bus in `CLIENT LIST` (default storyagent-bus). */
  name?: string;
  /** Prefix of the internal task-changed channel, normally QUEUE_PREFIX (default storyagent). */
  channelPrefix?: string;
}

/** The subscriber's state, as far as receiving messages goes. */
export type RedisBusState = 'connecting' | 'subscribed' | 'reconnecting' | 'closed';

export class RedisBus implements EventBus, TaskChangeFeed {
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new Set<MessageListener>();
  private readonly taskListeners = new Set<(taskId: number) => void>();
  private readonly taskChannel: string;
  private readonly accountListeners = new Set<(change: AccountChange) => void>();
  private readonly accountChannel: string;
  private readonly stateListeners = new Set<(state: RedisBusState) => void>();
  private closing: Promise<void> | undefined;
  private subscribed = false;
  private lastState: RedisBusState = 'connecting';

  constructor(
    private readonly redisUrl: string,
    private readonly opts: RedisBusOptions = {},
  ) {
    this.publisher = new Redis(redisUrl, {
      maxRetriesPerRequest: opts.maxRetriesPerRequest ?? 2,
      lazyConnect: true,
      connectionName: `${opts.name ?? 'storyagent-bus'}-pub`,
    });
    // Without a listener ioredis prints every connection error; the state is exposed instead.
    this.publisher.on('error', () => {});
    this.taskChannel = taskChangedChannel(opts.channelPrefix ?? 'storyagent');
    this.accountChannel = accountChangedChannel(opts.channelPrefix ?? 'storyagent');
  }

  async publish(userId: number, message: PublishedNotification): Promise<void> {
    if (this.closing) throw new Error('Event bus is closed');
    await this.publisher.publish(userChannel(userId), JSON.stringify(message));
  }

  onMessage(listener: MessageListener): () => void {
    if (this.closing) throw new Error('Event bus is closed');
    this.listeners.add(listener);
    this.ensureSubscriber();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Sent on the same connection as the notifications, so every subscriber receives a change before
   * any notification published after it (a client told "segment_finished" finds caches already dropped).
   */
  async publishTaskChanged(taskId: number): Promise<void> {
    if (this.closing) throw new Error('Event bus is closed');
    await this.publisher.publish(this.taskChannel, encodeTaskChanged(taskId));
  }

  onTaskChanged(listener: (taskId: number) => void): () => void {
    if (this.closing) throw new Error('Event bus is closed');
    this.taskListeners.add(listener);
    this.ensureSubscriber();
    return () => {
      this.taskListeners.delete(listener);
    };
  }

  /** On the same connection as the notifications, like publishTaskChanged. */
  async publishAccountChanged(change: AccountChange): Promise<void> {
    if (this.closing) throw new Error('Event bus is closed');
    await this.publisher.publish(this.accountChannel, encodeAccountChange(change));
  }

  onAccountChanged(listener: (change: AccountChange) => void): () => void {
    if (this.closing) throw new Error('Event bus is closed');
    this.accountListeners.add(listener);
    this.ensureSubscriber();
    return () => {
      this.accountListeners.delete(listener);
    };
  }

  get receivingAccountChanges(): boolean {
    return this.state === 'subscribed';
  }

  onReceivingAccountChanges(listener: (receiving: boolean) => void): () => void {
    return this.onStateChange((state) => listener(state === 'subscribed'));
  }

  get receivingTaskChanges(): boolean {
    return this.state === 'subscribed';
  }

  onReceivingChange(listener: (receiving: boolean) => void): () => void {
    return this.onStateChange((state) => listener(state === 'subscribed'));
  }

  /** Resolves once the `user:*` subscription is active (useful before a test publishes). */
  async ready(): Promise<void> {
    this.ensureSubscriber();
    if (this.state === 'subscribed') return;
    await new Promise<void>((resolve, reject) => {
      const off = this.onStateChange((state) => {
        if (state === 'subscribed' || state === 'closed') {
          off();
          if (state === 'subscribed') resolve();
          else reject(new Error('Event bus is closed'));
        }
      });
    });
  }

  /** `subscribed` means messages are flowing; `reconnecting` while Redis is away (they are lost then). */
  get state(): RedisBusState {
    if (this.closing) return 'closed';
    if (this.subscribed) return 'subscribed';
    return this.subscriber?.status === 'reconnecting' ? 'reconnecting' : 'connecting';
  }

  /** Called on every subscriber state change (e.g. to log or to tell clients to catch up). */
  onStateChange(listener: (state: RedisBusState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.listeners.clear();
      this.taskListeners.clear();
      this.accountListeners.clear();
      this.setSubscribed(false);
      await Promise.all([
        quitRedis(this.publisher),
        this.subscriber ? quitRedis(this.subscriber) : undefined,
      ]);
    })();
    return this.closing;
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    // Re-subscribing ourselves on every `ready` (instead of ioredis's autoResubscribe) tells us
    // exactly when the subscription is live again after Redis comes back.
    const sub = new Redis(this.redisUrl, {
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectionName: `${this.opts.name ?? 'storyagent-bus'}-sub`,
    });
    sub.on('error', () => {});
    sub.on('pmessage', (_pattern: string, channel: string, json: string) => {
      const m = USER_CHANNEL.exec(channel);
      if (!m) return;
      dispatch(this.listeners, Number(m[1]), json);
    });
    sub.on('message', (channel: string, json: string) => {
      if (channel === this.accountChannel) {
        const change = decodeAccountChange(json);
        if (change) this.dispatchAccountChange(change);
        return;
      }
      if (channel !== this.taskChannel) return;
      const taskId = decodeTaskChanged(json);
      if (taskId === undefined) return;
      for (const listener of this.taskListeners) {
        try {
          listener(taskId);
        } catch (err) {
          console.error(`task-changed listener failed for task ${taskId}:`, err);
        }
      }
    });
    sub.on('ready', () => {
      Promise.all([sub.psubscribe('user:*'), sub.subscribe(this.taskChannel, this.accountChannel)]).then(
        () => this.setSubscribed(true),
        // The connection dropped before the reply; the next `ready` subscribes again.
        () => this.setSubscribed(false),
      );
    });
    sub.on('close', () => this.setSubscribed(false));
    sub.on('reconnecting', () => this.setSubscribed(false));
    this.subscriber = sub;
    return sub;
  }

  private dispatchAccountChange(change: AccountChange): void {
    for (const listener of this.accountListeners) {
      try {
        listener(change);
      } catch (err) {
        console.error(`account-change listener failed for user ${change.userId}:`, err);
      }
    }
  }

  private setSubscribed(value: boolean): void {
    this.subscribed = value;
    const state = this.state;
    if (state === this.lastState) return;
    this.lastState = state;
    for (const l of [...this.stateListeners]) l(state);
  }
}

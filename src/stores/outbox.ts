/**
 * Messages waiting for someone offline, tried again until delivered or cancelled. An entry is
 *
 *   scheduled --(its delay passes while online)--> sending --(refused again: wait)--> scheduled
 *   scheduled --(its delay passes while offline)--> due --(online again)--> sending
 *
 * The delays back off: 5 s after the first refusal, then 10 s, 20 s, 40 s, and 60 s from then on. Coming online again
 * (registered after a reconnect or a reload) tries every entry at once and starts the back-off over. An attempt is
 * made by `attempt`; its outcome comes back as `wait` (refused again), `settled` (delivered, failed for good, or
 * cancelled).
 */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 60_000;

/** The delay before attempt `refusals + 1`, after `refusals` refusals in a row (1, 2, ...). */
export function retryDelay(refusals: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, refusals - 1), MAX_RETRY_MS);
}

type EntryState = 'scheduled' | 'due' | 'sending';

interface Entry {
  state: EntryState;
  refusals: number;
  cancelTimer?: () => void;
}

export interface Outbox {
  /** `id` was refused for now (the peer is offline, or we are): tried again after the next delay. */
  wait(id: string): void;
  /** `id` is to be tried at once (a queued message found at sign-in); like `wait` while offline. */
  tryNow(id: string): void;
  /** `id` is done with: delivered, failed for good, or cancelled. */
  settled(id: string): void;
  /** Registered (true) or not: coming online tries every entry that is not being sent. */
  setOnline(online: boolean): void;
  has(id: string): boolean;
  /** Forgets every entry and timer (sign-out). */
  clear(): void;
}

export interface OutboxDeps {
  attempt: (id: string) => void;
  /** Runs `run` after `ms`; returns its cancellation. */
  schedule?: (run: () => void, ms: number) => () => void;
}

const timeout = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function createOutbox({ attempt, schedule = timeout }: OutboxDeps): Outbox {
  const entries = new Map<string, Entry>();
  let online = false;
  const send = (id: string, entry: Entry) => {
    entry.cancelTimer?.();
    delete entry.cancelTimer;
    entry.state = 'sending';
    attempt(id);
  };
  const arm = (id: string, entry: Entry) => {
    entry.state = 'scheduled';
    entry.cancelTimer?.();
    entry.cancelTimer = schedule(() => {
      delete entry.cancelTimer;
      if (entries.get(id) !== entry) return;
      if (online) send(id, entry);
      else entry.state = 'due';
    }, retryDelay(entry.refusals));
  };
  return {
    wait(id) {
      const entry = entries.get(id) ?? { state: 'scheduled', refusals: 0 };
      entries.set(id, entry);
      entry.refusals += 1;
      arm(id, entry);
    },
    tryNow(id) {
      const entry = entries.get(id) ?? { state: 'due', refusals: 0 };
      entries.set(id, entry);
      if (entry.state === 'sending') return;
      if (online) send(id, entry);
      else {
        entry.cancelTimer?.();
        delete entry.cancelTimer;
        entry.state = 'due';
      }
    },
    settled(id) {
      entries.get(id)?.cancelTimer?.();
      entries.delete(id);
    },
    setOnline(next) {
      const cameOnline = next && !online;
      online = next;
      if (!cameOnline) return;
      for (const [id, entry] of entries) {
        if (entry.state === 'sending') continue;
        entry.refusals = 0;
        send(id, entry);
      }
    },
    has: (id) => entries.has(id),
    clear() {
      for (const entry of entries.values()) entry.cancelTimer?.();
      entries.clear();
      online = false;
    },
  };
}

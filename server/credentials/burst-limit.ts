/**
 * The burst limit on change notifications for one AOR. The "Rate of Notifications" subsections of RFC 6072 sections 6
 * and 7 ask a notifier not to send change notifications more than about once a minute; docs/design.md "Certificate
 * service" wants changes notified at once ("order of seconds", seed 002 section 11) and the limit applied only to
 * bursts.
 *
 * A fixed window opens at the first change after a quiet spell. The first `limit` changes in it are notified at once;
 * any later change in the same window is held, and all held changes go out together as one notification of the
 * state current at the window's end, which then opens the next window (counting as its first change). New
 * subscriptions, refreshes and revocations are never held.
 */
export interface BurstPolicy {
  /** Changes per window notified at once; default 5. */
  limit: number;
  /** The window, in ms; default 60,000. */
  windowMs: number;
}

export const DEFAULT_BURST_POLICY: Readonly<BurstPolicy> = { limit: 5, windowMs: 60_000 };

export function checkBurstPolicy(policy: BurstPolicy): BurstPolicy {
  if (!Number.isSafeInteger(policy.limit) || policy.limit < 1 || !Number.isFinite(policy.windowMs) || policy.windowMs < 0) {
    throw new TypeError('burst: expected a whole limit >= 1 and windowMs >= 0');
  }
  return { limit: policy.limit, windowMs: policy.windowMs };
}

/** One AOR's window. */
export class BurstWindow {
  private start = Number.NEGATIVE_INFINITY;
  private count = 0;

  /** Counts a change at `now`: 0 when it may be notified at once, otherwise when (ms) the held notification is due. */
  admit(now: number, policy: BurstPolicy): number {
    if (now - this.start >= policy.windowMs) {
      this.start = now;
      this.count = 0;
    }
    this.count++;
    return this.count <= policy.limit ? 0 : this.start + policy.windowMs;
  }

  /** The held notification went out at `now`: it opens the next window as its first change. */
  flushed(now: number): void {
    this.start = now;
    this.count = 1;
  }
}

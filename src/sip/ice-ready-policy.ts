/**
 * When the INVITE (or the 200 OK that answers one) may leave while ICE candidates are still being gathered.
 *
 * Without trickle ICE the SDP carries every candidate the peer will ever learn (RFC 8445 section 5.1.1), and JsSIP
 * 3.13.8 waits for gathering to complete before it sends the offer or the answer (RTCSession.js
 * `_createLocalDescription`; there is no gathering timeout in this version). Complete gathering takes Chromium about
 * 120 ms with host candidates alone, and seconds when a STUN or TURN server does not answer (RFC 8489 section 6.2.1
 * retransmissions). JsSIP emits the session's `icecandidate` event with `{ candidate, ready }` for each candidate:
 * calling `ready()` sends the SDP as it stands, with the candidates gathered so far. This policy calls it:
 *
 * - with a TURN server configured, at the first relayed candidate (the one that works through any NAT; relayed
 *   candidates come after host and server reflexive ones, so those are in the SDP too);
 * - with only a STUN server, at the first server reflexive (or relayed) candidate;
 * - with neither, once no new candidate came for QUIET_MS: the host candidates of all interfaces arrive within a few
 *   milliseconds of each other, while the end of gathering comes much later (Chromium's port allocator waits on its
 *   TCP and late network checks before it says complete);
 * - in every case after at most MAX_WAIT_MS from the first candidate: a STUN or TURN server that does not answer
 *   (or answers slowly) costs at most this, and the call still connects on host candidates where peers reach each
 *   other directly. A relayed candidate that comes later is lost to this call, which is the price of a bound.
 *
 * Gathering that completes first sends the SDP at once, as JsSIP always did (calling `ready()` again does nothing).
 */

/** The kind of candidate that makes the set usable (RFC 8445 section 5.1.1.1), or null for host candidates alone. */
export type AwaitedCandidate = 'relay' | 'srflx' | null;

/**
 * No new candidate for this long after the last one: the host candidates are all in. Measured on 2026-12-07 in
 * Debian's Chromium 150 (one IPv4 and one IPv6 interface, five offers with no ICE servers): the host candidates came
 * 3-14 ms after setLocalDescription and within 0.2-5 ms of each other, the end of gathering 127-163 ms after it.
 * 60 ms leaves a busy main thread (the bench machine runs at a load average near 20 on 2 cores) room to deliver a
 * late interface's candidate, and still sends the INVITE about 60 ms before gathering completes (bench/app).
 */
export const QUIET_MS = 60;
/** The longest an offer or answer waits for gathering, from the first candidate. */
export const MAX_WAIT_MS = 1_000;

export interface IceCandidateEvent {
  candidate: { type?: RTCIceCandidateType | null; candidate: string };
  ready: () => void;
}

export interface IceReadyTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** The candidate's type from the object, or from its `typ` attribute (RFC 8839 section 5.1). */
export function candidateType(candidate: IceCandidateEvent['candidate']): string | undefined {
  return candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
}

/** What to wait for, given the ICE servers of the call. */
export function awaitedCandidate(servers: readonly RTCIceServer[], relayOnly: boolean): AwaitedCandidate {
  const urls = servers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  if (relayOnly || urls.some((u) => /^turns?:/i.test(u))) return 'relay';
  if (urls.some((u) => /^stun:/i.test(u))) return 'srflx';
  return null;
}

/**
 * A listener for a session's `icecandidate` events. Each offer or answer has its own `ready` (JsSIP makes one per
 * local description), and the policy starts over for each.
 */
export function iceReadyPolicy(awaited: AwaitedCandidate, timers: IceReadyTimers = globalThis, quietMs = QUIET_MS, maxWaitMs = MAX_WAIT_MS): (event: IceCandidateEvent) => void {
  /** The local description being gathered for, and the one already sent. */
  let current: (() => void) | null = null;
  let sent: (() => void) | null = null;
  let quiet: unknown;
  let max: unknown;
  const clear = () => {
    if (quiet !== undefined) timers.clearTimeout(quiet);
    if (max !== undefined) timers.clearTimeout(max);
    quiet = max = undefined;
  };
  const send = (ready: () => void) => {
    clear();
    sent = ready;
    ready();
  };
  return ({ candidate, ready }) => {
    if (ready === sent) return;
    if (ready !== current) {
      clear();
      current = ready;
      max = timers.setTimeout(() => send(ready), maxWaitMs);
    }
    const type = candidateType(candidate);
    if ((awaited === 'relay' && type === 'relay') || (awaited === 'srflx' && (type === 'srflx' || type === 'relay'))) {
      send(ready);
    } else if (awaited === null) {
      if (quiet !== undefined) timers.clearTimeout(quiet);
      quiet = timers.setTimeout(() => send(ready), quietMs);
    }
  };
}

/**
 * Whether the peer of a connected call is still there, judged from the media path rather than from SIP (a peer
 * whose phone lost power or network sends no BYE, and SIP would say nothing for minutes). The call is lost when:
 *
 * - ICE says `failed` (RFC 8445 section 8: no valid pair left), or the connection state is `failed`;
 * - ICE stays `disconnected` (consent freshness, RFC 7675 section 5.1: no STUN answers) longer than `disconnectedMs`;
 * - the DTLS transports the receivers use are all `closed` or `failed` a second after one went so (RFC 6347: the
 *   peer's close_notify, or an error; a transport a renegotiation replaced does not count);
 * - inbound RTP, once it flowed, stops (no byte more in `inbound-rtp` stats) for `silenceMs`, unless the call is on
 *   hold either way (RFC 3264 section 8.4: a held stream sends nothing).
 *
 * Reported once, then the watch stops; `stop()` ends it with the call.
 */

/** The part of RTCPeerConnection the watch reads (a fake stands in for it in tests). */
export interface WatchedConnection {
  readonly iceConnectionState: RTCIceConnectionState;
  readonly connectionState: RTCPeerConnectionState;
  addEventListener(type: 'iceconnectionstatechange' | 'connectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange' | 'connectionstatechange', listener: () => void): void;
  getReceivers(): { readonly transport: DtlsTransportLike | null }[];
  getStats(): Promise<{ forEach(callback: (report: { type: string; bytesReceived?: number }) => void): void }>;
}

export interface DtlsTransportLike {
  readonly state: RTCDtlsTransportState;
  addEventListener(type: 'statechange', listener: () => void): void;
  removeEventListener(type: 'statechange', listener: () => void): void;
}

export interface LivenessOptions {
  /** How long ICE may stay `disconnected` before the call counts as lost (default 5 s). */
  disconnectedMs?: number;
  /** How long inbound RTP may stop before the call counts as lost (default 6 s). */
  silenceMs?: number;
  /** How often the inbound byte count is read (default 1 s). */
  pollMs?: number;
  /** ms clock; default Date.now. */
  now?: () => number;
}

export interface MediaLiveness {
  /** The call is on hold (ours or theirs): no RTP is expected meanwhile. */
  setHeld(held: boolean): void;
  stop(): void;
}

const DEFAULTS = { disconnectedMs: 5_000, silenceMs: 6_000, pollMs: 1_000 };
/** How long after a DTLS close or failure the transports in use are looked at again. */
const DTLS_SETTLE_MS = 1_000;

/** Watches `pc`; `onLost` is called at most once, with what was seen (for logs and the failure's detail). */
export function watchMediaLiveness(pc: WatchedConnection, onLost: (why: string) => void, options: LivenessOptions = {}): MediaLiveness {
  const { disconnectedMs, silenceMs, pollMs } = { ...DEFAULTS, ...options };
  const now = options.now ?? Date.now;
  let stopped = false;
  let held = false;
  let disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  let lastBytes = -1;
  let lastChange = now();

  const lost = (why: string) => {
    if (stopped) return;
    stop();
    onLost(why);
  };

  const onIce = () => {
    const ice = pc.iceConnectionState;
    if (ice === 'failed' || pc.connectionState === 'failed') return lost(`ICE ${ice}, connection ${pc.connectionState}`);
    if (ice === 'disconnected') {
      disconnectedTimer ??= setTimeout(() => lost(`ICE disconnected for ${disconnectedMs} ms`), disconnectedMs);
    } else if (disconnectedTimer !== undefined) {
      clearTimeout(disconnectedTimer);
      disconnectedTimer = undefined;
    }
  };

  // A renegotiation may replace a transport (a DTLS restart after a re-INVITE closes the old one while the new one
  // carries the media): the call is lost only when, a moment after a close or failure, the transports the receivers
  // use now are all closed or failed. New transports are watched as they appear.
  const watched = new Set<DtlsTransportLike>();
  const current = () => pc.getReceivers().map((r) => r.transport).filter((t): t is DtlsTransportLike => t !== null);
  let dtlsCheck: ReturnType<typeof setTimeout> | undefined;
  const checkDtls = () => {
    dtlsCheck = undefined;
    watchTransports();
    const now = current();
    if (now.length > 0 && now.every((t) => t.state === 'closed' || t.state === 'failed')) lost(`DTLS ${now[0]!.state}`);
  };
  const onDtls = () => {
    const bad = current().some((t) => t.state === 'closed' || t.state === 'failed') || [...watched].some((t) => t.state === 'closed' || t.state === 'failed');
    if (bad) dtlsCheck ??= setTimeout(checkDtls, DTLS_SETTLE_MS);
  };
  function watchTransports(): void {
    for (const t of current()) {
      if (watched.has(t)) continue;
      watched.add(t);
      t.addEventListener('statechange', onDtls);
    }
  }
  watchTransports();

  const poll = async () => {
    let bytes = 0;
    try {
      (await pc.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp') bytes += report.bytesReceived ?? 0;
      });
    } catch {
      return; // a closing connection; its state events say the rest
    }
    if (stopped) return;
    const t = now();
    if (held || bytes !== lastBytes) {
      lastBytes = bytes;
      lastChange = t;
      return;
    }
    // Silence counts only once media flowed, and never while a side holds the call.
    if (bytes > 0 && t - lastChange >= silenceMs) lost(`no inbound RTP for ${t - lastChange} ms`);
  };
  const interval = setInterval(() => void poll(), pollMs);

  pc.addEventListener('iceconnectionstatechange', onIce);
  pc.addEventListener('connectionstatechange', onIce);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(interval);
    if (disconnectedTimer !== undefined) clearTimeout(disconnectedTimer);
    if (dtlsCheck !== undefined) clearTimeout(dtlsCheck);
    pc.removeEventListener('iceconnectionstatechange', onIce);
    pc.removeEventListener('connectionstatechange', onIce);
    for (const t of watched) t.removeEventListener('statechange', onDtls);
  }

  onIce();
  onDtls();
  return {
    setHeld(next) {
      held = next;
      lastChange = now();
    },
    stop,
  };
}

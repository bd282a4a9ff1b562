/**
 * The set of calls of one signed-in user agent: what each control does to a call (call, answer, hang up, mute, hold,
 * DTMF, transfer), and the moves of each call's state (call-state.ts) as its JsSIP session reports them
 * (call-session-events.ts). Whether a call goes encrypted is planned when it is made (security-policy.ts) and the
 * plan travels in its INVITE; the secure layer's verdicts come back in the SDP and responses of the call
 * (protection-note.ts) and become its record's protection. Media is call-media.ts.
 *
 * Every call's RTCPeerConnection gets the ICE servers of its options (the Settings page), and its offer or answer
 * leaves once a usable set of candidates is gathered, not at the end of gathering (ice-ready-policy.ts). While do not
 * disturb is on, an incoming INVITE is refused at once: 486 Busy Here with a Reason header (RFC 3326) saying so.
 */
import { constraintsOf, fingerprintsOf, mediaFailure, offersVideo, stopStream, type CallMedia } from './call-media.ts';
import { newCallRecord, type CallRecord } from './call-record.ts';
import { nextCallState } from './call-state.ts';
import { watchCallSession } from './call-session-events.ts';
import { holdSession, referSession } from './call-controls.ts';
import { watchMediaLiveness } from './media-liveness.ts';
import type { JsSipSession, JsSipUa, RtcSessionEvents } from './jssip-types.ts';
import type { SecureLayer } from './secure-layer.ts';
import { awaitPeerCertificate, encryptionRequired, needsCertificateWait, planProtection, prepareSecureRetry } from './security-policy.ts';
import { planHeader, takeSdpNote } from './protection-note.ts';
import { isDtmf } from './sip-input.ts';
import { awaitedCandidate, iceReadyPolicy } from './ice-ready-policy.ts';
import { DO_NOT_DISTURB_TEXT, formatReason } from '../core/sip/reason-header.ts';
import { SipClientError, type CallInfo, type CallOptions, type Protection, type SipFailure } from './sip-client.ts';
import type { SipLogger } from './sip-logger.ts';

export interface CallSetDeps {
  crypto: Crypto;
  ua: () => JsSipUa | null;
  secure: SecureLayer;
  media: CallMedia;
  emitCall: (call: CallInfo) => void;
  /** ICE servers etc. for every RTCPeerConnection. */
  pcConfig?: RTCConfiguration;
  /** True when getUserMedia will not ask the person: an outgoing call then sets up its connection meanwhile. */
  mediaAllowed?: (video: boolean) => boolean;
  log: SipLogger;
}

export class CallSet {
  readonly #deps: CallSetDeps;
  readonly #calls = new Map<string, CallRecord>();
  /** Incoming calls are refused (486 with a Reason, RFC 3326 section 2) instead of ringing. */
  doNotDisturb = false;

  constructor(deps: CallSetDeps) {
    this.#deps = deps;
  }

  /** Whether end-to-end protection is on (a refusal for want of it may then be retried). */
  securityOn(): boolean {
    return this.#deps.secure.context !== null;
  }

  get size(): number {
    return this.#calls.size;
  }

  /**
   * An outgoing call to `peer` (a SIP URI). The peer's certificate is waited for first when we could encrypt but do not
   * hold it (security-policy.ts); with it at hand, the microphone is asked for in this very task (the click's).
   */
  async call(ua: JsSipUa, peer: string, options: CallOptions): Promise<string> {
    if (needsCertificateWait(this.#deps.secure.context, peer)) await awaitPeerCertificate(this.#deps.secure.context, peer);
    // Only encrypted calls wanted and this one cannot be: no microphone, no INVITE, nothing leaves (seed 000 4.3).
    const planned = planProtection(this.#deps.secure.context, peer, options.allowClear);
    if (planned && 'refused' in planned) throw new SipClientError(planned.refused);
    const id = this.#deps.crypto.randomUUID();
    const record = newCallRecord({ id, direction: 'outgoing', peer, video: options.video, state: 'connecting' }, null, options);
    this.#plan(record);
    this.#calls.set(id, record);
    this.#emit(record);
    const media = this.#deps.media.open(options);
    if (this.#deps.mediaAllowed?.(options.video)) {
      this.#startWhileMediaOpens(ua, record, media);
      return id;
    }
    let stream: MediaStream;
    try {
      stream = await media;
    } catch (error) {
      this.end(record, mediaFailure(options.video, error));
      return id;
    }
    if (record.abandoned) {
      stopStream(stream);
      this.end(record, { kind: 'canceled', detail: 'Canceled' });
      return id;
    }
    this.#deps.media.useLocal(record, stream);
    this.#startOutgoing(ua, record);
    return id;
  }

  /**
   * An outgoing call whose microphone (and camera) the browser opens without asking: the peer connection, the offer
   * and ICE gathering start now, with transceivers whose tracks are put in once getUserMedia gives them (a gathering
   * takes far longer than opening a device that needs no consent, so the INVITE carries the same offer as ever).
   * If the devices fail after all, the call ends as it would have: JsSIP sends no INVITE once terminated, and a
   * CANCEL if one had left.
   */
  #startWhileMediaOpens(ua: JsSipUa, record: CallRecord, media: Promise<MediaStream>): void {
    const stream = new MediaStream();
    record.localStream = stream;
    this.#startOutgoing(ua, record);
    media.then(
      (opened) => this.#deps.media.fill(record, stream, opened),
      (error: unknown) => {
        if (record.info.state === 'ended') return;
        // Ended with its reason first: the session's own end then finds it ended.
        this.end(record, mediaFailure(record.info.video, error));
        try {
          record.session?.terminate();
        } catch (terminateError) {
          this.#deps.log.warn('could not end the session', terminateError);
        }
      },
    );
  }

  /** Sends the INVITE of an outgoing call (again, after a retry) with the call's media. */
  #startOutgoing(ua: JsSipUa, record: CallRecord): void {
    const onPeerConnection = (pc: RTCPeerConnection): void => {
      this.#deps.media.offerWhileOpening(record, pc);
      this.#deps.media.watch(record, pc);
    };
    try {
      const session = ua.call(record.info.peer, {
        mediaStream: record.localStream,
        mediaConstraints: constraintsOf(record.options ?? { video: record.info.video }),
        ...this.#pcConfig(record.options),
        ...planHeaders(record),
        eventHandlers: { peerconnection: (e: { peerconnection: RTCPeerConnection }) => onPeerConnection(e.peerconnection) },
      });
      this.#adopt(record, session);
    } catch (error) {
      this.end(record, { kind: 'other', detail: String(error) });
    }
  }

  /** An incoming INVITE became a session: a ringing call, with the verdict the secure layer noted in its offer. */
  incoming(session: JsSipSession, sdp: string): void {
    const identity = session.remote_identity;
    const { protection } = takeSdpNote(sdp);
    const record = newCallRecord(
      {
        id: this.#deps.crypto.randomUUID(),
        direction: 'incoming',
        peer: identity.uri.toAor(),
        ...(identity.display_name ? { peerDisplayName: identity.display_name } : {}),
        video: offersVideo(sdp),
        state: 'ringing',
        ...(protection ? { protection } : {}),
      },
      session,
    );
    if (this.doNotDisturb) {
      this.#refuseDisturbing(record, session);
      return;
    }
    this.#calls.set(record.info.id, record);
    this.#adopt(record, session);
    this.#emit(record);
  }

  async answer(callId: string, options: CallOptions): Promise<void> {
    const record = this.#require(callId);
    const session = record.session;
    if (record.info.direction !== 'incoming' || record.info.state !== 'ringing' || !session) {
      throw new TypeError(`call ${callId} is not a ringing incoming call`);
    }
    this.update(record, { state: 'connecting', video: options.video });
    record.options = options;
    let stream: MediaStream;
    try {
      stream = await this.#deps.media.open(options);
    } catch (error) {
      session.terminate({ status_code: 488, reason_phrase: 'Not Acceptable Here' });
      throw new SipClientError(mediaFailure(options.video, error));
    }
    if (session.isEnded()) {
      stopStream(stream);
      return;
    }
    this.#deps.media.useLocal(record, stream);
    session.answer({ mediaStream: stream, mediaConstraints: constraintsOf(options), ...this.#pcConfig(options) });
  }

  hangUp(callId: string, options: { decline?: boolean } = {}): void {
    const record = this.#calls.get(callId);
    if (!record || record.info.state === 'ended') return;
    const session = record.session;
    if (!session) {
      record.abandoned = true;
      return;
    }
    if (session.isEnded()) return;
    const unanswered = record.info.direction === 'incoming' && record.info.state === 'ringing';
    if (unanswered || options.decline) session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
    else session.terminate();
  }

  hangUpAll(): void {
    for (const id of [...this.#calls.keys()]) this.hangUp(id);
  }

  setMuted(callId: string, muted: boolean): void {
    const record = this.#require(callId);
    if (record.session) {
      if (muted) record.session.mute({ audio: true });
      else record.session.unmute({ audio: true });
    }
    this.update(record, { muted });
  }

  async setHold(callId: string, hold: boolean): Promise<void> {
    const record = this.#require(callId);
    const session = this.#established(record);
    if (record.info.onHold === hold) return;
    await holdSession(session, hold);
    this.update(record, { onHold: hold });
  }

  sendDtmf(callId: string, tones: string): void {
    const record = this.#require(callId);
    if (!isDtmf(tones)) throw new TypeError(`not DTMF tones: ${tones}`);
    if (!record.session) throw new TypeError(`call ${callId} has no session yet`);
    record.session.sendDTMF(tones, { transportType: 'RFC2833' });
  }

  /** Blind transfer (REFER, RFC 3515) of an established call to `target` (a SIP URI). */
  transfer(callId: string, target: string): Promise<void> {
    return referSession(this.#established(this.#require(callId)), target);
  }

  /**
   * Blind transfer, transferee side (RFC 3515, RFC 5589 section 6): a call to the Refer-To target with the microphone
   * the old call used; the old call is hung up once the new one connects. Null when the microphone cannot be opened,
   * or only encrypted calls are wanted and this one could not be.
   */
  async transferee(old: CallRecord, peer: string): Promise<{ record: CallRecord; options: Record<string, unknown>; adopt: (session: JsSipSession) => void } | null> {
    const audioInputId = old.options?.audioInputId;
    const ice = old.options?.ice;
    const options: CallOptions = { video: false, ...(audioInputId ? { audioInputId } : {}), ...(ice ? { ice } : {}) };
    const planned = planProtection(this.#deps.secure.context, peer);
    if (planned && 'refused' in planned) return null; // only encrypted calls wanted, and this one could not be
    let stream: MediaStream;
    try {
      stream = await this.#deps.media.open(options);
    } catch {
      return null;
    }
    const record = newCallRecord({ id: this.#deps.crypto.randomUUID(), direction: 'outgoing', peer, video: false, state: 'connecting' }, null, options);
    this.#plan(record);
    this.#calls.set(record.info.id, record);
    this.#emit(record);
    this.#deps.media.useLocal(record, stream);
    return {
      record,
      options: { mediaStream: stream, mediaConstraints: constraintsOf(options), ...this.#pcConfig(options), ...planHeaders(record) },
      adopt: (session) => this.#adopt(record, session),
    };
  }

  /**
   * After a security refusal of an outgoing call: sent once more, encrypted, once the peer's certificate is fetched
   * anew (security-policy.ts); otherwise ended with the reason.
   */
  async retrySecurely(record: CallRecord, failure: SipFailure): Promise<void> {
    record.retried = true;
    this.#forgetDialog(record);
    const outcome = await prepareSecureRetry(this.#deps.secure.context, record.info.peer);
    const ua = this.#deps.ua();
    if (!outcome.retry || !ua || record.abandoned || record.info.state === 'ended') {
      this.end(record, outcome.retry ? failure : encryptionRequired(failure, outcome.why, outcome.missing));
      return;
    }
    this.#deps.log.warn(`calling ${record.info.peer} again, encrypted, after ${failure.detail}`);
    this.#plan(record);
    this.#emit(record);
    this.#startOutgoing(ua, record);
  }

  /** Every call ends (sign-out, or the user agent is gone). */
  endAll(failure: SipFailure): void {
    for (const record of [...this.#calls.values()]) this.end(record, failure);
  }

  end(record: CallRecord, failure?: SipFailure): void {
    if (record.info.state === 'ended') return;
    record.liveness?.stop();
    this.#deps.media.release(record);
    const { failure: _old, ...rest } = record.info;
    record.info = { ...rest, state: nextCallState(record.info.state, 'ended'), endedAt: Date.now(), ...(failure ? { failure } : {}) };
    this.#calls.delete(record.info.id);
    this.#forgetDialog(record);
    this.#emit(record);
  }

  update(record: CallRecord, change: Partial<CallInfo>): void {
    if (record.info.state === 'ended') return;
    const state = change.state === undefined ? record.info.state : nextCallState(record.info.state, change.state);
    record.info = { ...record.info, ...change, state };
    if ('onHold' in change || 'remoteHold' in change) record.liveness?.setHeld(record.info.onHold || record.info.remoteHold);
    this.#emit(record);
  }

  /** A verdict the secure layer noted in the call's SDP or a response (protection-note.ts) is the call's protection. */
  protect(record: CallRecord, protection: Protection | undefined): void {
    if (protection && JSON.stringify(protection) !== JSON.stringify(record.info.protection)) this.update(record, { protection });
  }

  connected(record: CallRecord, session: JsSipSession): void {
    if (!record.liveness && session.connection) record.liveness = watchMediaLiveness(session.connection, (why) => this.#lost(record, session, why));
    if (record.info.state !== 'connected') this.update(record, { state: 'connected', connectedAt: Date.now(), ...fingerprintsOf(session) });
    else if (!record.info.fingerprints) this.update(record, fingerprintsOf(session));
  }

  /**
   * The peer vanished (media-liveness.ts): the call ends as 'connection-lost', and a BYE goes in case the peer (or its
   * server) still hears us (RFC 3261 section 15.1.1).
   */
  #lost(record: CallRecord, session: JsSipSession, why: string): void {
    if (record.session !== session || record.info.state === 'ended') return;
    this.#deps.log.warn(`call with ${record.info.peer} lost: ${why}`);
    this.end(record, { kind: 'connection-lost', detail: why });
    try {
      if (!session.isEnded()) session.terminate();
    } catch (error) {
      this.#deps.log.warn('could not end the session', error);
    }
  }

  /**
   * The session becomes the record's: its dialog's Call-ID is kept, its events move the call, and its offers and
   * answers leave once their candidates are usable (ice-ready-policy.ts). For an incoming call, the ICE servers are
   * known only when it is answered: the policy reads them from the record then.
   */
  #adopt(record: CallRecord, session: JsSipSession): void {
    record.session = session;
    const callId = session._request?.call_id;
    if (callId) record.callId = callId;
    watchCallSession(this, record, session, this.#deps.media);
    let policy: ((e: RtcSessionEvents['icecandidate']) => void) | null = null;
    session.on('icecandidate', (e) => {
      const ice = record.options?.ice;
      policy ??= iceReadyPolicy(awaitedCandidate(ice?.servers ?? [], ice?.relayOnly ?? false));
      policy(e);
    });
  }

  /**
   * Do not disturb: 486 Busy Here with `Reason: SIP;cause=486;text="Do not disturb"` (RFC 3326 section 2), before
   * any 180 (JsSIP sends none for a session ended in its `newRTCSession` event). The call is reported once, ended.
   */
  #refuseDisturbing(record: CallRecord, session: JsSipSession): void {
    const callId = session._request?.call_id;
    if (callId) record.callId = callId;
    try {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here', extraHeaders: [`Reason: ${formatReason({ protocol: 'SIP', cause: 486, text: DO_NOT_DISTURB_TEXT })}`] });
    } catch (error) {
      this.#deps.log.warn('could not refuse the call', error);
    }
    this.end(record, { kind: 'do-not-disturb', status: 486, detail: 'refused: do not disturb is on' });
  }

  /** The secure layer forgets the call's dialog (its keys), now or after a retry's new INVITE. */
  #forgetDialog(record: CallRecord): void {
    if (record.callId) this.#deps.secure.endDialog(record.callId);
  }

  /** The policy's plan for the call's (next) INVITE; a clear one already says why on screen. */
  #plan(record: CallRecord): void {
    const found = planProtection(this.#deps.secure.context, record.info.peer, record.options?.allowClear);
    // A refusal was caught before the call began; should the certificate go in between, the INVITE goes encrypted or
    // not at all (the secure layer sends nothing clear under an 'encrypt' plan it cannot carry out).
    const planned = found && 'refused' in found ? { plan: 'encrypt' as const } : found;
    record.plan = planned?.plan;
    const { protection: _old, ...info } = record.info;
    record.info = planned?.protection ? { ...info, protection: planned.protection } : info;
  }

  #established(record: CallRecord): JsSipSession {
    const session = record.session;
    if (!session || !session.isEstablished()) throw new TypeError(`call ${record.info.id} is not established`);
    return session;
  }

  #require(callId: string): CallRecord {
    const record = this.#calls.get(callId);
    if (!record) throw new TypeError(`no such call: ${callId}`);
    return record;
  }

  /** The client's RTCConfiguration with the call's STUN and TURN servers added (RFC 8445 section 5.1.1). */
  #pcConfig(options: CallOptions | undefined): { pcConfig?: RTCConfiguration } {
    const base = this.#deps.pcConfig;
    const ice = options?.ice;
    if (!ice || (ice.servers.length === 0 && !ice.relayOnly)) return base ? { pcConfig: base } : {};
    return {
      pcConfig: {
        ...base,
        iceServers: [...(base?.iceServers ?? []), ...ice.servers],
        ...(ice.relayOnly ? { iceTransportPolicy: 'relay' as const } : {}),
      },
    };
  }

  #emit(record: CallRecord): void {
    this.#deps.emitCall({ ...record.info });
  }
}

/** The plan in the INVITE, for the secure layer (JsSIP's `extraHeaders`). */
function planHeaders(record: CallRecord): { extraHeaders?: string[] } {
  return record.plan ? { extraHeaders: [planHeader(record.plan)] } : {};
}

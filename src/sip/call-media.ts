/**
 * The media of calls: opening the microphone (and camera), the streams handed to the page, and the DTLS fingerprints
 * both sides' SDP carry. Media (MediaStream, RTCPeerConnection) leaves src/sip only as handles the UI attaches to
 * <audio>/<video> elements (`localStream` and `remoteStream` events).
 */
import { sdpFingerprints } from '../core/secure-body/sdp-fingerprints.ts';
import type { CallRecord } from './call-record.ts';
import type { JsSipSession } from './jssip-types.ts';
import type { CallInfo, CallOptions, SipFailure } from './sip-client.ts';
import type { SipLogger } from './sip-logger.ts';

export interface CallMediaDeps {
  /** Default `navigator.mediaDevices.getUserMedia`. */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  emitLocal: (callId: string, stream: MediaStream) => void;
  emitRemote: (callId: string, stream: MediaStream) => void;
  log: SipLogger;
}

export class CallMedia {
  readonly #deps: CallMediaDeps;
  /** Peer connections whose remote tracks are already watched. */
  readonly #watched = new WeakSet<RTCPeerConnection>();

  constructor(deps: CallMediaDeps) {
    this.#deps = deps;
  }

  /** Never throws: a browser without mediaDevices (an insecure context) gives a rejected promise, as a refusal does. */
  open(options: CallOptions): Promise<MediaStream> {
    const constraints = constraintsOf(options);
    try {
      if (this.#deps.getUserMedia) return this.#deps.getUserMedia(constraints);
      return navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The call's local stream is `stream`; the page is told. */
  useLocal(record: CallRecord, stream: MediaStream): void {
    record.localStream = stream;
    this.#deps.emitLocal(record.info.id, stream);
  }

  /**
   * The devices of a call set up while they opened (an empty local stream and waiting senders): their tracks go into
   * the local stream and the waiting senders. False when the call is over, and the devices are closed again.
   */
  fill(record: CallRecord, stream: MediaStream, opened: MediaStream): boolean {
    if (record.info.state === 'ended' || record.localStream !== stream) {
      stopStream(opened);
      return false;
    }
    for (const track of opened.getTracks()) {
      stream.addTrack(track);
      const transceiver = record.waitingSenders?.find((t) => t.receiver.track.kind === track.kind && !t.sender.track);
      transceiver?.sender.replaceTrack(track).catch((error: unknown) => this.#deps.log.warn('could not send the local track', error));
    }
    record.waitingSenders = undefined;
    this.#deps.emitLocal(record.info.id, stream);
    return true;
  }

  /** An outgoing call's media still opening: offer its kinds now, sendrecv in the (empty) local stream. */
  offerWhileOpening(record: CallRecord, pc: RTCPeerConnection): void {
    const stream = record.localStream;
    if (!stream || stream.getTracks().length > 0) return;
    const kinds: ('audio' | 'video')[] = record.info.video ? ['audio', 'video'] : ['audio'];
    record.waitingSenders = kinds.map((kind) => pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] }));
  }

  /**
   * The remote stream goes to the page, which plays it. An incoming call's comes once its 200 OK has left: the offer
   * is applied (firing `track`) before the answer is created, and the page setting up a media element and its audio
   * output in between costs the main thread several milliseconds on the way to the 200 OK. Media cannot flow before
   * the caller has the answer anyway. An outgoing call's (early media included) comes at once.
   */
  watch(record: CallRecord, pc: RTCPeerConnection): void {
    // An outgoing call's connection is announced twice (ua.call's handler, then session.connection): one listener.
    if (this.#watched.has(pc)) return;
    this.#watched.add(pc);
    pc.addEventListener('track', (event: RTCTrackEvent) => {
      const stream = event.streams[0];
      if (!stream) return;
      if (record.info.direction === 'incoming' && !record.answerSent) record.heldRemoteStream = stream;
      else this.#deps.emitRemote(record.info.id, stream);
    });
  }

  /** An incoming call's 200 OK has left: the remote stream held until then goes to the page. */
  answerSent(record: CallRecord): void {
    record.answerSent = true;
    const held = record.heldRemoteStream;
    delete record.heldRemoteStream;
    if (held && record.info.state !== 'ended') this.#deps.emitRemote(record.info.id, held);
  }

  /** The call is over: its devices close. */
  release(record: CallRecord): void {
    if (record.localStream) stopStream(record.localStream);
    record.localStream = null;
  }
}

/** What a call whose microphone (or camera) could not be opened ended with. */
export function mediaFailure(video: boolean, error: unknown): SipFailure {
  return { kind: 'media', detail: `no microphone${video ? ' or camera' : ''}: ${String(error)}` };
}

export function constraintsOf(options: CallOptions): MediaStreamConstraints {
  return {
    audio: options.audioInputId ? { deviceId: { exact: options.audioInputId } } : true,
    video: options.video ? (options.videoInputId ? { deviceId: { exact: options.videoInputId } } : true) : false,
  };
}

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The DTLS fingerprints of both sides as the session's RTCPeerConnection uses them (RFC 8122 `a=fingerprint`). */
export function fingerprintsOf(session: JsSipSession): Pick<CallInfo, 'fingerprints'> {
  const pc = session.connection;
  const local = distinctFingerprints(pc?.localDescription?.sdp);
  const remote = distinctFingerprints(pc?.remoteDescription?.sdp);
  return local.length > 0 && remote.length > 0 ? { fingerprints: { local, remote } } : {};
}

function distinctFingerprints(sdp: string | undefined): string[] {
  return sdp ? [...new Set(sdpFingerprints(sdp))] : [];
}

/** Whether an offer asks for video (RFC 8866 section 5.14: an `m=video` line). */
export function offersVideo(sdp: string): boolean {
  return sdp.split('\n').some((line) => line.startsWith('m=video '));
}

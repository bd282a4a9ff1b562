/**
 * One RFC 3903 publication kept up over a SipClient: the pure publisher of src/core/credentials decides what to send
 * and when (initial, refresh with SIP-If-Match at about half the granted Expires, full republish on 412 and after a
 * reconnect, Min-Expires on 423, backoff on failures, one PUBLISH in flight); this adapter sends, runs the one timer
 * and reports the phase.
 */
import { initialPublisherState, stepPublisher, type PublisherConfig, type PublisherInput, type PublisherPhase, type PublisherState, type PublishRequest, type PublishResponse } from '../core/credentials/publisher.ts';
import type { SipLogger } from './sip-logger.ts';
import { SipClientError, type SipClient, type SipResponseInfo } from './sip-client.ts';
import { timerDelay } from '../core/timer-delay.ts';
import { deltaSeconds, leadingDeltaSeconds } from './sip-frame.ts';

export interface PublicationBody {
  contentType: string;
  /** The body as JsSIP carries it (ASCII here: the parts are base64, docs/design.md "Bytes on WebSocket"). */
  text: string;
}

export interface PublicationStatus {
  phase: PublisherPhase;
  /** The last failure, in words (`403 Forbidden`). */
  failure?: string;
}

export interface PublicationOptions {
  target: string;
  /** `credential` (RFC 6072 section 6). */
  event: string;
  config?: Partial<PublisherConfig>;
  log: SipLogger;
  now?: () => Date;
}

export interface Publication {
  publish(body: PublicationBody, expires?: number): void;
  /** Expires: 0 (revocation, for the credential package). */
  remove(): void;
  readonly status: PublicationStatus;
  onStatus(listener: (status: PublicationStatus) => void): () => void;
  dispose(): void;
}

export function createPublication(sip: SipClient, options: PublicationOptions): Publication {
  const now = options.now ?? (() => new Date());
  let state: PublisherState<PublicationBody> = initialPublisherState<PublicationBody>(options.config);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lostConnection = false;
  let disposed = false;
  const listeners = new Set<(status: PublicationStatus) => void>();
  const statusOf = (): PublicationStatus => (state.failure ? { phase: state.phase, failure: state.failure.reason } : { phase: state.phase });

  const step = (input: PublisherInput<PublicationBody>): void => {
    if (disposed) return;
    const before = state.phase;
    const result = stepPublisher(state, input, now);
    state = result.state;
    if (timer) clearTimeout(timer);
    timer = result.timerAt === null ? null : setTimeout(() => step({ type: 'timer' }), timerDelay(result.timerAt - now().getTime()));
    if (result.send) send(result.send);
    if (state.phase !== before || input.type === 'response') for (const l of [...listeners]) l(statusOf());
  };

  const send = (request: PublishRequest<PublicationBody>): void => {
    const headers = [`Event: ${options.event}`, `Expires: ${request.expires}`];
    if (request.ifMatch !== undefined) headers.push(`SIP-If-Match: ${request.ifMatch}`);
    sip
      .sendRequest({
        method: 'PUBLISH',
        target: options.target,
        headers,
        ...(request.body ? { body: request.body.text, contentType: request.body.contentType } : {}),
      })
      .then(
        (response) => step({ type: 'response', response: readResponse(response) }),
        (error: unknown) => {
          // No answer at all (timeout, connection gone): a transient failure, retried with backoff or on reconnect.
          options.log.warn(`PUBLISH (${options.event}) got no answer`, error);
          const status = error instanceof SipClientError && error.failure.kind === 'timeout' ? 408 : 503;
          step({ type: 'response', response: { status, reason: error instanceof Error ? error.message : String(error) } });
        },
      );
  };

  const offs = [
    sip.on('connection', (c) => {
      if (c === 'reconnecting' || c === 'disconnected') lostConnection = true;
    }),
    sip.on('registration', (r) => {
      if (r !== 'registered' || !lostConnection) return;
      lostConnection = false;
      step({ type: 'connection-restored' });
    }),
  ];

  return {
    publish: (body, expires) => step(expires === undefined ? { type: 'publish', body } : { type: 'publish', body, expires }),
    remove: () => step({ type: 'remove' }),
    get status() {
      return statusOf();
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      offs.forEach((off) => off());
      listeners.clear();
    },
  };
}

function readResponse(response: SipResponseInfo): PublishResponse {
  const etag = response.header('SIP-ETag')?.trim();
  const expires = deltaSeconds(response.header('Expires'));
  const minExpires = deltaSeconds(response.header('Min-Expires'));
  const retryAfter = leadingDeltaSeconds(response.header('Retry-After'));
  return {
    status: response.status,
    reason: response.reason,
    ...(etag ? { etag } : {}),
    ...(expires !== undefined ? { expires } : {}),
    ...(minExpires !== undefined ? { minExpires } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

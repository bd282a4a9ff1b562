/**
 * What the secure layer needs from the rest of the app (keys, certificates, the user's choice) and the crypto code it
 * calls: the types of `SipClient.useSecurity`, beside the interface. The composition root builds the context from the
 * services (the peer certificate directory and the own credential); nothing in src/sip reaches a store.
 */
import type { Signer } from '../core/cms/sign-then-encrypt.ts';

/**
 * The core's secure-body functions (src/core/secure-body), loaded lazily with the rest of the crypto code: only their
 * types are imported here, so the initial bundle stays free of them.
 */
export type SecureBodyCodec = Pick<
  typeof import('../core/secure-body/index.ts'),
  'buildSecureSessionBody' | 'readSessionBody' | 'buildEncryptedMessage' | 'prepareSecureBody' | 'readMessageBody' | 'certsOnlyBody'
>;

/** Why a peer's certificate is missing (SecurityContext.missingCertificate). */
export type MissingCertificate = 'none' | 'rejected' | 'unanswered';

export interface SecurityContext {
  codec: () => Promise<SecureBodyCodec>;
  /** This device's key and certificate, when unlocked. */
  ownKey: () => Signer | null;
  /**
   * The verified certificate cached for `aor`, at once. Outbound messages must not wait for a fetch: the SUBSCRIBE
   * would queue behind them.
   */
  cachedPeerCertificate: (aor: string) => Uint8Array | null;
  /** Fetches (or, with `refresh`, fetches again) the certificate of `aor`; null when there is none within `waitMs`. */
  peerCertificate: (aor: string, options: { waitMs: number; refresh?: boolean }) => Promise<Uint8Array | null>;
  /** "Only end-to-end encrypted calls and messages". */
  secureOnly: () => boolean;
  /**
   * Why no verified certificate of `aor` is at hand: the server said it has none (`none`), what it sent did not
   * verify (`rejected`), or it has not answered (`unanswered`). For the words of a refused call or message.
   */
  missingCertificate: (aor: string) => MissingCertificate;
  crypto: Crypto;
}

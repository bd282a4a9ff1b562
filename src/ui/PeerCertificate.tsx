import { useState } from 'react';
import { useAppStore } from './store-context.tsx';
import { peerCertificateSelectors, type VerificationMethod } from '../stores/peer-certificates-slice.ts';
import { displayAor } from '../stores/sip-address.ts';
import { certificateBadge, certificateStatusText } from './trust-words.ts';
import './security.css';

/**
 * A peer's certificate in words (QA contract: status "Peer certificate"; src/ui/trust-words.ts), with the fingerprint,
 * the key-change warning until "I understand", and the person's own "Mark as verified" / "Unmark".
 */
export function PeerCertificateStatus({ peer }: { peer: string }) {
  const cert = useAppStore(peerCertificateSelectors.of(peer));
  const acknowledge = useAppStore((s) => s.acknowledgeKeyChange);
  const unmark = useAppStore((s) => s.unmarkPeerVerified);
  return (
    <div className="peer-certificate">
      <p role="status" aria-label="Peer certificate" className={`cert-state ${certificateBadge(cert).tone}`}>
        {certificateStatusText(peer, cert)}
        {cert.status === 'verified' && cert.cached ? ' (saved on this device)' : ''}
      </p>
      {cert.status === 'verified' && (
        <p className="fingerprint small" aria-label="Peer fingerprint">
          {cert.fingerprint}
        </p>
      )}
      {cert.status === 'verified' && cert.warning && (
        <div className="warning small" role="alert">
          <p>{cert.warning}</p>
          <button type="button" onClick={() => void acknowledge(peer)}>
            I understand
          </button>
        </div>
      )}
      {cert.status === 'verified' &&
        (cert.verifiedByYou ? (
          <button type="button" className="small" onClick={() => void unmark(peer)}>
            Unmark
          </button>
        ) : (
          <MarkAsVerified peer={peer} fingerprintHex={cert.fingerprintHex} method="fingerprint" />
        ))}
    </div>
  );
}

const CONFIRMATIONS: Record<VerificationMethod, { question: (who: string) => string; yes: string }> = {
  fingerprint: {
    question: (who) => `Did you compare this fingerprint with ${who}, in person or on a call where you know their voice? Mark it only if every group matches.`,
    yes: 'Yes, we compared it',
  },
  words: {
    question: (who) => `Did ${who} read you the same four words on this call? Mark the key only if all four match.`,
    yes: 'Yes, the words match',
  },
  qr: { question: (who) => `The code you scanned matches ${who}'s key.`, yes: 'Yes, mark it' },
};

/** "Mark as verified", then a confirmation that the person compared the key with the peer themselves. */
export function MarkAsVerified({ peer, fingerprintHex, method }: { peer: string; fingerprintHex: string; method: VerificationMethod }) {
  const mark = useAppStore((s) => s.markPeerVerified);
  const [confirming, setConfirming] = useState(false);
  const words = CONFIRMATIONS[method];
  if (!confirming) {
    return (
      <button type="button" className="small" onClick={() => setConfirming(true)}>
        Mark as verified
      </button>
    );
  }
  return (
    <div className="confirm small" role="group" aria-label="Mark as verified">
      <p>{words.question(displayAor(peer))}</p>
      <div className="security-actions">
        <button type="button" className="primary" onClick={() => void mark(peer, fingerprintHex, method).then(() => setConfirming(false))}>
          {words.yes}
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The short state next to a contact's name: only "Verified by you" is green, "Key changed" never. */
export function PeerCertificateBadge({ peer }: { peer: string }) {
  const cert = useAppStore(peerCertificateSelectors.of(peer));
  const badge = certificateBadge(cert);
  return <span className={`cert-state ${badge.tone} small`}>{badge.text}</span>;
}

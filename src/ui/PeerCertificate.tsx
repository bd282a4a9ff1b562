import { useAppStore } from './store-context.tsx';
import { peerCertificateSelectors, peerCertificateText } from '../stores/peer-certificates-slice.ts';
import './security.css';

/** A peer's certificate state in words, with the fingerprint when verified (QA contract: status "Peer certificate"). */
export function PeerCertificateStatus({ peer }: { peer: string }) {
  const cert = useAppStore(peerCertificateSelectors.of(peer));
  return (
    <div className="peer-certificate">
      <p role="status" aria-label="Peer certificate" className={`cert-state ${cert.status}`}>
        {peerCertificateText(cert)}
        {cert.status === 'verified' && cert.cached ? ' (saved on this device)' : ''}
      </p>
      {cert.status === 'verified' && (
        <p className="fingerprint small" aria-label="Peer fingerprint">
          {cert.fingerprint}
        </p>
      )}
      {cert.status === 'verified' && cert.warning && (
        <p className="warning small" role="alert">
          {cert.warning}
        </p>
      )}
    </div>
  );
}

/** The short state next to a contact's name. */
export function PeerCertificateBadge({ peer }: { peer: string }) {
  const cert = useAppStore(peerCertificateSelectors.of(peer));
  const text = cert.status === 'rejected' ? 'Rejected' : peerCertificateText(cert);
  return <span className={`cert-state ${cert.status} small`}>{cert.status === 'verified' && cert.warning ? 'Changed' : text}</span>;
}

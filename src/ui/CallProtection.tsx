/**
 * What protects the call on screen, in words that are exactly true (docs/design.md "Secure calls"): "End-to-end
 * encrypted · <peer>'s key, certified by <domain>" (or "verified by you") only when the secure layer decrypted and
 * verified the peer's SDP, otherwise "Not end-to-end encrypted: <reason>"; on an end-to-end encrypted call only, the
 * short authentication string both people read aloud (QA contract: an element labelled "Short authentication string";
 * why only there: protection-slice.ts) and "Mark as verified" once they match; and, when a peer reached encrypted
 * before is not this time, why (trust-words.ts: interference only where it can be true).
 */
import type { CallInfo } from '../stores/types.ts';
import { protectionText } from './protection-words.ts';
import { downgradeWarning } from './trust-words.ts';
import { displayAor } from '../stores/sip-address.ts';
import { peerCertificateSelectors } from '../stores/peer-certificates-slice.ts';
import { ownKeySelectors } from '../stores/own-key-slice.ts';
import { useAppStore } from './store-context.tsx';
import { MarkAsVerified } from './PeerCertificate.tsx';
import { Icon } from './Icon.tsx';

export function CallProtection({ call }: { call: CallInfo }) {
  const sas = useAppStore((s) => s.protection.sasByCall[call.id]);
  const downgrade = useAppStore((s) => s.protection.downgradeByCall[call.id] === true);
  const cert = useAppStore(peerCertificateSelectors.of(call.peer));
  const ownKey = useAppStore(ownKeySelectors.ownKey);
  const text = protectionText(call, cert);
  const live = call.state !== 'ended';
  const encrypted = call.protection?.encrypted === true;
  const warning = downgrade ? downgradeWarning(call, ownKey, cert) : null;
  return (
    <div className="call-protection">
      <p className={`protection small ${encrypted ? 'encrypted' : 'clear'}`}>
        {encrypted && <Icon name="lock" />}
        {text ?? (live ? 'Checking end-to-end encryption…' : 'Not end-to-end encrypted')}
      </p>
      {warning &&
        (warning.interference ? (
          <p role="alert" className="warning small">
            {warning.text}
          </p>
        ) : (
          <p className="small muted">{warning.text}</p>
        ))}
      {sas && live && encrypted && (
        <div className="sas small">
          <p>
            Read aloud and compare: <output aria-label="Short authentication string">{sas}</output>
            <span className="muted"> · different words mean someone is listening in</span>
          </p>
          {cert.status === 'verified' && !cert.verifiedByYou && <MarkAsVerified peer={call.peer} fingerprintHex={cert.fingerprintHex} method="words" />}
          {cert.status === 'verified' && cert.verifiedByYou && <p className="muted">You verified {displayAor(call.peer)}'s key.</p>}
        </div>
      )}
    </div>
  );
}

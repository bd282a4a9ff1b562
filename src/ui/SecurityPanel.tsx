import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore } from './store-context.tsx';
import { ownKeySelectors } from '../stores/own-key-slice.ts';
import { QrCode } from './QrCode.tsx';
import { FingerprintScanner } from './FingerprintScanner.tsx';
import { fingerprintQrText } from '../core/x509/fingerprint-qr.ts';
import { focusIsLost } from './focus.ts';
import './security.css';

const PUBLICATION: Record<string, string> = {
  published: 'Published: your contacts can fetch it.',
  publishing: 'Publishing…',
  refreshing: 'Published: your contacts can fetch it.',
  removing: 'Revoking…',
  removed: 'Revoked on the server.',
  failed: 'Not published',
  idle: 'Not published yet.',
  none: '',
};

/**
 * The Security page: this account's certificate fingerprint (for reading aloud and as a QR code), its state on the
 * server, "Rotate key" and "Revoke certificate" (QA contract, docs/qa.md), and "Scan a fingerprint" to compare a
 * peer's QR code with their key. What each state means: docs/security.md.
 */
export function SecurityPanel() {
  const ownKey = useAppStore(ownKeySelectors.ownKey);
  const open = useAppStore((s) => s.openKeyDialog);
  const revoke = useAppStore((s) => s.revokeCertificate);
  const [confirming, setConfirming] = useState(false);
  const actions = useRef<HTMLDivElement>(null);
  // The confirmation replaces the buttons (and back): the focus goes to the first of the new ones, not the body.
  useEffect(() => {
    if (focusIsLost()) actions.current?.querySelector('button')?.focus();
  }, [confirming]);
  const publication = ownKey.publication === 'failed' && ownKey.publicationFailure ? `Not published: ${ownKey.publicationFailure}` : PUBLICATION[ownKey.publication] ?? '';
  return (
    <section className="card security" aria-labelledby="security-title">
      <h2 id="security-title">Security</h2>
      {ownKey.transportRefused && (
        <p className="warning" role="alert">
          {ownKey.transportRefused}
        </p>
      )}
      {ownKey.ignoredNotify && (
        <p className="warning" role="alert">
          {ownKey.ignoredNotify}
        </p>
      )}
      {ownKey.status === 'ready' && ownKey.fingerprint ? (
        <>
          <p className="small muted">Your certificate fingerprint. Read it to someone who wants to be sure your calls and messages reach you.</p>
          <p className="fingerprint" aria-label="Your fingerprint">
            {ownKey.fingerprint}
          </p>
          <QrCode text={fingerprintQrText(ownKey.fingerprintHex ?? '')} label="QR code of your fingerprint" />
          <p className="small muted">
            Valid until {ownKey.notAfter ? new Date(ownKey.notAfter).toLocaleDateString() : '?'}. <span role="status">{publication}</span>
          </p>
          {confirming ? (
            <div className="warning" ref={actions}>
              <p>Revoke your certificate? People can no longer encrypt to you until you make a new key.</p>
              <div className="security-actions">
                <button type="button" className="danger" onClick={() => void revoke().then(() => setConfirming(false))}>
                  Revoke now
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="security-actions" ref={actions}>
              <button type="button" onClick={() => open('rotate')}>
                Rotate key
              </button>
              <button type="button" onClick={() => setConfirming(true)}>
                Revoke certificate
              </button>
            </div>
          )}
        </>
      ) : (
        <OwnKeyState />
      )}
      <FingerprintScanner />
      <SecureOnlyChoice />
    </section>
  );
}

/** The own key revoked: by the person here, on another device of theirs (a deactivated credential NOTIFY), or not known. */
const REVOKED: Record<string, string> = {
  'this-device': 'You revoked this key.',
  'another-device': 'Your key was revoked on another device signed in to your account.',
  unknown: 'Your certificate is revoked.',
};

function OwnKeyState() {
  const ownKey = useAppStore(ownKeySelectors.ownKey);
  const open = useAppStore((s) => s.openKeyDialog);
  switch (ownKey.status) {
    case 'needs-new-key':
    case 'revoked':
      return (
        <>
          <p>{ownKey.status === 'revoked' ? REVOKED[ownKey.revokedBy ?? 'unknown'] : 'You have no key yet.'} Calls and messages are not end-to-end encrypted until you make one.</p>
          <button type="button" className="primary" onClick={() => open('create')}>
            Make a new key
          </button>
        </>
      );
    case 'needs-unlock':
      return (
        <>
          <p>Your key was made on another device. Unlock it here with its key passphrase.</p>
          <button type="button" className="primary" onClick={() => open('unlock')}>
            Unlock key
          </button>
        </>
      );
    case 'working':
      return <p role="status">{ownKey.working}</p>;
    default:
      return <p className="muted">Checking your key…</p>;
  }
}

/** The "Only end-to-end encrypted calls and messages" setting (docs/security.md). */
function SecureOnlyChoice() {
  const secureOnly = useAppStore((s) => s.protection.secureOnly);
  const setSecureOnly = useAppStore((s) => s.setSecureOnly);
  const id = useId();
  // One box and one line of words beside it; what it does below, as its description (issue 17: not two columns).
  return (
    <div className="secure-only">
      <label className="check small">
        <input type="checkbox" checked={secureOnly} onChange={(e) => setSecureOnly(e.currentTarget.checked)} aria-describedby={`${id}-what`} />
        <span>Only end-to-end encrypted calls and messages</span>
      </label>
      <p id={`${id}-what`} className="muted small">
        Unencrypted calls and messages are refused, and yours to people with a certificate carry no unencrypted copy.
      </p>
    </div>
  );
}

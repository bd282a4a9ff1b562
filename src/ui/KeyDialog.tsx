import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { ownKeySelectors, passphraseHint } from '../stores/own-key-slice.ts';
import { focusMainControl } from './focus.ts';
import './security.css';

/**
 * A modal dialog: focus moves in, Escape closes when it may, and the page behind is inert. Closed, it gives the focus
 * back to the control that had it (the button that opened it), or to the main control when that is gone (issue 17).
 */
export function Modal({ title, children, onClose }: { title: string; children: React.ReactNode; onClose?: () => void }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = document.getElementById('main');
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    root?.setAttribute('inert', '');
    ref.current?.querySelector<HTMLInputElement>('input')?.focus();
    return () => {
      root?.removeAttribute('inert');
      // After React removes the dialog: the opener may be replaced in the same commit (a key made, "Rotate key").
      requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return;
        if (opener?.isConnected && !opener.matches(':disabled')) opener.focus();
        else focusMainControl();
      });
    };
  }, []);
  return (
    <div className="modal-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} className="modal card" onKeyDown={(e) => e.key === 'Escape' && onClose?.()}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/**
 * "Protect your key": a new key's passphrase, twice, with a strength hint (QA contract). The passphrase encrypts the
 * copy of the key kept on the server for the user's other devices; the server never learns it.
 */
export function ProtectKeyDialog({ onClose, purpose = 'create' }: { onClose: () => void; purpose?: 'create' | 'rotate' }) {
  const ownKey = useAppStore(ownKeySelectors.ownKey);
  const createKey = useAppStore((s) => s.createKey);
  const rotateKey = useAppStore((s) => s.rotateKey);
  const aor = useAppStore((s) => s.session.aor);
  const password = useAppStore((s) => s.session.password);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [tried, setTried] = useState(false);
  const hintId = useId();
  const assessment = passphraseHint(first, { sipPassword: password, aor });
  const mismatch = second !== '' && first !== second;
  const working = ownKey.status === 'working';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!assessment.acceptable || first !== second) return;
    void (purpose === 'rotate' ? rotateKey(first) : createKey(first));
  };
  return (
    <Modal title="Protect your key" onClose={working ? undefined : onClose}>
      <p>
        {purpose === 'rotate' ? 'Your new key' : 'SealPhone made a key for end-to-end encryption on this device. It'} is kept on the server only encrypted
        with a passphrase the server never sees, so that your other devices can use it. Choose one that is not your SIP password.
      </p>
      <form onSubmit={submit}>
        <label className="field">
          <span>Key passphrase</span>
          <input type="password" autoComplete="new-password" value={first} onChange={(e) => setFirst(e.target.value)} aria-describedby={hintId} disabled={working} />
        </label>
        <p id={hintId} className={`strength strength-${first ? assessment.strength : 'none'} small`} aria-live="polite">
          {first ? `${assessment.strength === 'strong' ? 'Strong' : assessment.strength === 'fair' ? 'Fair' : 'Weak'}: ${assessment.hint}` : 'At least 10 characters; a few unrelated words work well.'}
        </p>
        <label className="field">
          <span>Repeat passphrase</span>
          <input type="password" autoComplete="new-password" value={second} onChange={(e) => setSecond(e.target.value)} disabled={working} />
        </label>
        {(mismatch || (tried && first !== second)) && <p className="error" role="alert">The two passphrases differ.</p>}
        {tried && !assessment.acceptable && <p className="error" role="alert">Choose a stronger passphrase.</p>}
        {ownKey.error && <p className="error" role="alert">{ownKey.error}</p>}
        {working && <p role="status">{ownKey.working}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={working}>
            Create key
          </button>
          <button type="button" onClick={onClose} disabled={working}>
            Not now
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** "Unlock your key": another device made the key; its passphrase opens the copy on the server (QA contract). */
export function UnlockKeyDialog({ onClose }: { onClose: () => void }) {
  const ownKey = useAppStore(ownKeySelectors.ownKey);
  const unlockKey = useAppStore((s) => s.unlockKey);
  const [passphrase, setPassphrase] = useState('');
  const working = ownKey.status === 'working';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase) void unlockKey(passphrase);
  };
  return (
    <Modal title="Unlock your key" onClose={working ? undefined : onClose}>
      <p>Your account already has a key for end-to-end encryption, made on another device. Enter its key passphrase to use it here too.</p>
      <form onSubmit={submit}>
        <label className="field">
          <span>Key passphrase</span>
          <input type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} disabled={working} />
        </label>
        {ownKey.error && <p className="error" role="alert">{ownKey.error}</p>}
        {working && <p role="status">{ownKey.working}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={working || !passphrase}>
            Unlock
          </button>
          <button type="button" onClick={onClose} disabled={working}>
            Not now
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The key dialog the own-key slice asks for, if any. */
export function KeyPrompts() {
  const dialog = useAppStore((s) => s.ownKey.dialog);
  const close = useAppStore((s) => s.closeKeyDialog);
  if (dialog === 'unlock') return <UnlockKeyDialog onClose={close} />;
  if (dialog === 'create' || dialog === 'rotate') return <ProtectKeyDialog purpose={dialog} onClose={close} />;
  return null;
}

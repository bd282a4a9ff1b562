import { useState } from 'react';
import { Modal } from './KeyDialog.tsx';
import { useAppStore } from './store-context.tsx';

/**
 * The header's Sign out: asks whether this device should also forget the account's messages (kept encrypted here) and
 * call history. Keeping them is the default; deleting also deletes the key they are encrypted with.
 */
export function SignOutButton() {
  const signOut = useAppStore((s) => s.signOut);
  const [asking, setAsking] = useState(false);
  const [deleteHistory, setDeleteHistory] = useState(false);
  const close = () => {
    setAsking(false);
    setDeleteHistory(false);
  };
  return (
    <>
      <button type="button" className="link" onClick={() => setAsking(true)}>
        Sign out
      </button>
      {asking && (
        <Modal title="Sign out" onClose={close}>
          <label className="check">
            <input type="checkbox" checked={deleteHistory} onChange={(e) => setDeleteHistory(e.target.checked)} />
            Also delete my messages and call history from this device
          </label>
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                close();
                // Sign out removes this button: the focus goes to the sign-in form's first field, not the body (issue 17).
                void signOut({ deleteHistory }).then(() => document.querySelector<HTMLInputElement>('input[name="aor"]')?.focus());
              }}
            >
              Sign out now
            </button>
            <button type="button" onClick={close}>
              Stay signed in
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}

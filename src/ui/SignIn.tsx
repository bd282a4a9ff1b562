import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { sessionSelectors } from '../stores/session-slice.ts';

/** Server, SIP address and password; remembered on this device except the password unless the user opts in. */
export function SignIn() {
  const initial = useAppStore(sessionSelectors.form);
  const error = useAppStore(sessionSelectors.errorText);
  const signIn = useAppStore((s) => s.signIn);
  const [serverUrl, setServerUrl] = useState(initial.serverUrl);
  const [aor, setAor] = useState(initial.aor);
  const [password, setPassword] = useState(initial.password);
  const [rememberPassword, setRememberPassword] = useState(initial.rememberPassword);
  const busy = initial.status === 'signing-in';
  const resuming = useAppStore(sessionSelectors.resuming);
  const id = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn({ serverUrl, aor, password, rememberPassword });
  };

  return (
    <section className="card sign-in" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Sign in</h2>
      <form onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
        <label className="field">
          <span>SIP address</span>
          <input name="aor" type="text" autoComplete="username" inputMode="email" placeholder="alice@example.com" required value={aor} onChange={(e) => setAor(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="field">
          <span>Server</span>
          <input name="server" type="url" autoComplete="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={rememberPassword} onChange={(e) => setRememberPassword(e.target.checked)} />
          <span>Remember the password on this device</span>
        </label>
        {resuming && (
          <p role="status" className="muted small">
            Signing in by itself with the password remembered on this device…
          </p>
        )}
        {error && (
          <p id={`${id}-error`} role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted small">The server address and your SIP address are remembered on this device; the password only if you tick the box.</p>
    </section>
  );
}

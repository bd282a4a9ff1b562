import { BrowserCheck } from './BrowserCheck.tsx';
import { SignIn } from './SignIn.tsx';
import { RegistrationStatus } from './RegistrationStatus.tsx';
import { Dialer } from './Dialer.tsx';
import { Calls } from './CallPanel.tsx';
import { Conversation } from './Conversation.tsx';
import { DirectoryPanel } from './Directory.tsx';
import { DeviceSettings } from './DeviceSettings.tsx';
import { Settings } from './Settings.tsx';
import { SecurityPanel } from './SecurityPanel.tsx';
import { KeyPrompts } from './KeyDialog.tsx';
import { SignOutButton } from './SignOut.tsx';
import { useAppStore } from './store-context.tsx';
import { sessionSelectors } from '../stores/session-slice.ts';
import { displayAor } from '../stores/sip-address.ts';
import { usePageLeaveGuard } from './page-leave.ts';

export function App() {
  const status = useAppStore(sessionSelectors.status);
  const aor = useAppStore(sessionSelectors.aor);
  const signedIn = status === 'signed-in';
  usePageLeaveGuard();
  return (
    <div className={`app ${signedIn ? 'signed-in' : 'signed-out'}`}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <img src="/favicon.svg" alt="" width={32} height={32} />
        <h1>SealPhone</h1>
        <div className="header-end">
          <RegistrationStatus />
          {signedIn && (
            <div className="account">
              <span className="muted small">{aor ? displayAor(aor) : ''}</span>
              <SignOutButton />
            </div>
          )}
        </div>
      </header>
      <main id="main" className="app-main">
        {signedIn ? (
          <div className="phone">
            <div className="side">
              <Dialer />
              <DirectoryPanel />
              <SecurityPanel />
              <DeviceSettings />
              <Settings />
            </div>
            <div className="stage">
              <Calls />
              <Conversation />
            </div>
          </div>
        ) : (
          <div className="welcome">
            <SignIn />
            <section className="card" aria-labelledby="intro-title">
              <h2 id="intro-title">Calls and messages</h2>
              <p>
                When you and the person you call or write to both have a key, SealPhone signs and encrypts your messages,
                and the part of each call that sets up its media encryption, end to end: the servers that carry them can
                neither read the messages nor put themselves into the call unnoticed. Every call and message says whether
                it is end-to-end encrypted, and if not, why not.
              </p>
            </section>
          </div>
        )}
        <details className="about" open={!signedIn}>
          <summary>About this browser</summary>
          <BrowserCheck />
        </details>
      </main>
      {signedIn && <KeyPrompts />}
    </div>
  );
}

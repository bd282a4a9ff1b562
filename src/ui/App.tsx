import { BrowserCheck } from './BrowserCheck.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <img src="/favicon.svg" alt="" width={32} height={32} />
        <h1>SealPhone</h1>
      </header>
      <main className="app-main">
        <section className="card" aria-labelledby="intro-title">
          <h2 id="intro-title">Calls and messages that stay private</h2>
          <p>
            When you and the person you call both have certificates, SealPhone signs and encrypts the call&apos;s media keys
            and your messages end to end, so the servers that carry them can neither read nor alter them.
          </p>
        </section>
        <BrowserCheck />
      </main>
    </div>
  );
}

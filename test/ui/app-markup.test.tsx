/** The QA contract's names in the rendered markup (server-rendered: no DOM needed in Node). */
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { App } from '../../src/ui/App.tsx';
import { AppStoreProvider } from '../../src/ui/store-context.tsx';
import { createAppStore } from '../../src/stores/app-store.ts';
import { signedIn, testDeps } from '../stores/test-deps.ts';
import type { AppStore } from '../../src/stores/app-store.ts';

// Server rendering reads getInitialState(); make it the current state.
const render = (store: AppStore) =>
  renderToStaticMarkup(
    <AppStoreProvider store={{ ...store, getInitialState: store.getState }}>
      <App />
    </AppStoreProvider>,
  );

describe('App markup', () => {
  it('signed out: labelled Server, SIP address, Password, Sign in and a Registration status', () => {
    const html = render(createAppStore(testDeps()));
    for (const label of ['<span>Server</span>', '<span>SIP address</span>', '<span>Password</span>']) expect(html).toContain(label);
    expect(html).toContain('value="ws://127.0.0.1:18080/sip"');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    expect(html).toMatch(/role="status" aria-label="Registration"/);
    expect(html).toContain('aria-label="Browser check"');
  });

  it('signed in with an incoming call: region Call with the peer, state and Answer/Decline', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'c', direction: 'incoming', peer: 'sip:bob@sealphone.test' }));
    const html = render(store);
    expect(html).toMatch(/<section[^>]*aria-label="Call"/);
    expect(html).toContain('sip:bob@sealphone.test');
    expect(html).toContain('Ringing');
    expect(html).toMatch(/>Answer<\/button>/);
    expect(html).toMatch(/>Decline<\/button>/);
    expect(html).toContain('<span>Call or message</span>');
    expect(html).toMatch(/Registered/);
  });

  it('a connected call has Mute, Hold, Transfer, Hang up and an autoplaying audio element', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'c', direction: 'outgoing', peer: 'sip:bob@sealphone.test', state: 'connected', connectedAt: Date.now() }));
    const html = render(store);
    for (const name of ['Mute', 'Hold', 'Transfer', 'Hang up']) expect(html).toMatch(new RegExp(`>${name}</button>`));
    expect(html).toMatch(/<audio[^>]*autoPlay=""/i);
    expect(html).toContain('Connected');
  });
});

/**
 * A page object over the QA contract of docs/qa.md: role locators with exact accessible names only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Account } from './accounts.ts';
import { setPageHidden, type NotificationRecord, type OscillatorRecord } from './instrumentation.ts';

/**
 * Test-side instrumentation (not an app hook): remember every RTCPeerConnection the page makes, so a test can read
 * `getStats()` through `page.evaluate`. Installed with `page.addInitScript` before the app loads.
 */
export function trackPeerConnections(): void {
  const w = window as unknown as { __e2ePeerConnections: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
  if (w.__e2ePeerConnections) return;
  w.__e2ePeerConnections = [];
  const Original = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      w.__e2ePeerConnections.push(this);
    }
  };
}

export class PhonePage {
  readonly registration: Locator;
  readonly callRegion: Locator;
  readonly secondCaller: Locator;

  constructor(
    readonly page: Page,
    readonly account: Account,
  ) {
    this.registration = page.getByRole('status', { name: 'Registration', exact: true });
    this.callRegion = page.getByRole('region', { name: 'Call', exact: true });
    this.secondCaller = page.getByRole('region', { name: 'Second caller', exact: true });
  }

  button(name: string, within: Locator | Page = this.page): Locator {
    return within.getByRole('button', { name, exact: true });
  }

  textbox(name: string): Locator {
    return this.page.getByRole('textbox', { name, exact: true });
  }

  /** Opens the app: by default the one Playwright's webServer serves, or the one at `url`. */
  async open(url = '/'): Promise<void> {
    await this.page.addInitScript(trackPeerConnections);
    await this.page.goto(url);
  }

  async fillSignIn(password = this.account.password): Promise<void> {
    await this.textbox('SIP address').fill(this.account.address);
    await this.textbox('Password').fill(password);
    await this.button('Sign in').click();
  }

  /** Signs in and waits until registered and the key check is done; a key dialog is put off ("Not now"). */
  async signIn(): Promise<void> {
    await this.fillSignIn();
    await expect(this.registration).toContainText('Registered');
    await this.putOffKeyDialog();
  }

  /** For tests that are not about keys: once the key check is done, "Not now" on whichever key dialog it opened. */
  async putOffKeyDialog(): Promise<void> {
    const security = this.page.getByRole('region', { name: 'Security', exact: true });
    await expect(security).toBeVisible();
    await expect(security).not.toContainText('Checking your key…');
    const dialog = this.page.getByRole('dialog');
    if (await dialog.isVisible()) {
      await dialog.getByRole('button', { name: 'Not now', exact: true }).click();
      await expect(dialog).toHaveCount(0);
    }
  }

  async call(peer: Account, { video = false } = {}): Promise<void> {
    await this.textbox('Call or message').fill(peer.address);
    await this.button(video ? 'Video call' : 'Call').click();
  }

  async expectCall(peer: Account, state: 'Ringing' | 'Connected' | 'Ended'): Promise<void> {
    await expect(this.callRegion).toContainText(peer.aor);
    await expect(this.callRegion).toContainText(state);
  }

  async answer(): Promise<void> {
    await this.button('Answer', this.callRegion).click();
  }
  async decline(): Promise<void> {
    await this.button('Decline', this.callRegion).click();
  }
  /** Blind transfer (REFER) of the current call to `target`: Transfer, the address, Transfer now. */
  async transferTo(target: Account): Promise<void> {
    await this.button('Transfer', this.callRegion).click();
    await this.textbox('Transfer to').fill(target.address);
    await this.button('Transfer now', this.callRegion).click();
  }
  async hangUp(): Promise<void> {
    await this.button('Hang up', this.callRegion).click();
  }
  async toggleMute(): Promise<void> {
    await this.button('Mute', this.callRegion).click();
  }
  async toggleHold(): Promise<void> {
    await this.button('Hold', this.callRegion).click();
  }

  async openConversation(peer: Account): Promise<void> {
    await this.textbox('Call or message').fill(peer.address);
  }

  async sendMessage(peer: Account, text: string): Promise<void> {
    await this.openConversation(peer);
    await this.textbox('Message').fill(text);
    await this.button('Send').click();
  }

  /** The conversation list of the open conversation. */
  get conversation(): Locator {
    return this.page.getByRole('list', { name: 'Conversation', exact: true });
  }

  message(text: string): Locator {
    return this.conversation.getByRole('listitem').filter({ hasText: text });
  }

  /** Sum of inbound-rtp bytes of a kind over every RTCPeerConnection of the page, via getStats(). */
  async inboundBytes(kind: 'audio' | 'video' = 'audio'): Promise<number> {
    return this.page.evaluate(async (kind) => {
      const pcs = (window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? [];
      let total = 0;
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        const stats = await pc.getStats();
        stats.forEach((r: { type: string; kind?: string; bytesReceived?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === kind) total += r.bytesReceived ?? 0;
        });
      }
      return total;
    }, kind);
  }

  /** Media flows in: inbound bytes grow by at least `by` while we watch. */
  async expectMediaFlowing(kind: 'audio' | 'video' = 'audio', by = 2000): Promise<void> {
    const start = await this.inboundBytes(kind);
    await expect.poll(() => this.inboundBytes(kind), { message: `${this.account.name} receives ${kind}`, timeout: 15_000 }).toBeGreaterThan(start + by);
  }

  /**
   * The Call region's audio element plays what comes in (received audio is decoded only when an element plays it):
   * its stream holds a live audio track that one of the page's peer connections receives, it is not paused, and its
   * time moves on.
   */
  async expectPlayingRemoteAudio(): Promise<void> {
    const audio = this.callRegion.locator('audio');
    const state = () =>
      audio.evaluate((el: HTMLAudioElement) => {
        const stream = el.srcObject instanceof MediaStream ? el.srcObject : null;
        const pcs = (window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? [];
        const received = new Set(pcs.flatMap((pc) => (pc.connectionState === 'closed' ? [] : pc.getReceivers().map((r) => r.track))));
        const live = stream?.getAudioTracks().some((track) => track.readyState === 'live' && received.has(track)) ?? false;
        return { live, paused: el.paused, time: el.currentTime };
      });
    await expect.poll(async () => (await state()).live, { message: `${this.account.name} plays the received audio track` }).toBe(true);
    const first = await state();
    expect(first.paused).toBe(false);
    await expect.poll(async () => (await state()).time, { message: `${this.account.name}'s audio element plays on` }).toBeGreaterThan(first.time);
  }

  /** Media does not flow in: inbound bytes stay (almost) still over `ms`. */
  async expectMediaStopped(kind: 'audio' | 'video' = 'audio', ms = 1500): Promise<void> {
    // Let packets in flight land, then measure a quiet window.
    await expect
      .poll(
        async () => {
          const a = await this.inboundBytes(kind);
          await this.page.waitForTimeout(ms);
          return (await this.inboundBytes(kind)) - a;
        },
        { message: `${this.account.name} stops receiving ${kind}`, timeout: 15_000 },
      )
      .toBeLessThan(500);
  }

  /** Installs more test-side instrumentation (e2e/support/instrumentation.ts): reloads the app and signs in again. */
  async instrument(...scripts: (() => void)[]): Promise<void> {
    for (const script of scripts) await this.page.addInitScript(script);
    await this.page.reload();
    await this.signIn();
  }

  /** The "Audio and video" disclosure of the signed-in screen. */
  get deviceSettings(): Locator {
    return this.page.getByRole('group', { name: 'Audio and video', exact: true });
  }

  async openDeviceSettings(): Promise<void> {
    if ((await this.deviceSettings.getAttribute('open')) === null) await this.deviceSettings.locator('summary').click();
    await expect(this.deviceSelect('Microphone')).toBeVisible();
  }

  /** The select named `Microphone`, `Camera` or `Speaker`. */
  deviceSelect(name: 'Microphone' | 'Camera' | 'Speaker'): Locator {
    return this.page.getByRole('combobox', { name, exact: true });
  }

  /** The deviceIds of the tracks this page sends, per kind, over its open RTCPeerConnections. */
  async sentDeviceIds(kind: 'audio' | 'video' = 'audio'): Promise<string[]> {
    return this.page.evaluate((kind) => {
      const pcs = (window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? [];
      return pcs
        .filter((pc) => pc.connectionState !== 'closed')
        .flatMap((pc) => pc.getSenders().map((s) => s.track))
        .filter((t): t is MediaStreamTrack => t !== null && t.kind === kind)
        .map((t) => t.getSettings().deviceId ?? '');
    }, kind);
  }

  /** What `recordOscillators` saw. */
  async oscillators(): Promise<OscillatorRecord[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eOscillators?: OscillatorRecord[] }).__e2eOscillators ?? []);
  }

  /** Frequencies of the oscillators playing now (started, not stopped), sorted. */
  async playingFrequencies(): Promise<number[]> {
    return (await this.oscillators())
      .filter((o) => o.started && !o.stopped)
      .map((o) => o.frequency)
      .sort((a, b) => a - b);
  }

  /** What `recordNotifications` saw. */
  async notifications(): Promise<NotificationRecord[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eNotifications?: NotificationRecord[] }).__e2eNotifications ?? []);
  }

  /** The tab is hidden (another tab in front) or visible again. */
  async setHidden(hidden: boolean): Promise<void> {
    await this.page.evaluate(setPageHidden, hidden);
  }
}

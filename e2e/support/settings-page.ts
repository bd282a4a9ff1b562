/**
 * The Settings section (docs/qa.md contract, /tmp/qa-sets.md): role locators with exact names, plus test-side
 * instrumentation of what the page sends on its SIP WebSocket and of its peer connections' ICE.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** An INVITE or a 200 OK to one, as the page's WebSocket sent it, with the ICE gathering state of the newest peer connection then. */
export interface SentSdp {
  firstLine: string;
  text: string;
  gatheringAtSend: RTCIceGatheringState | 'none';
}

/**
 * Test-side instrumentation (not an app hook), installed with `page.addInitScript` after `trackPeerConnections`:
 * wraps `WebSocket.prototype.send` and keeps every INVITE and every 200 OK to an INVITE in `window.__e2eSentSdp`,
 * each with the `iceGatheringState` of the page's newest RTCPeerConnection at that moment. Self-contained (runs in the page).
 */
export function recordSentSdp(): void {
  const w = window as unknown as { __e2eSentSdp?: SentSdp[]; __e2ePeerConnections?: RTCPeerConnection[] };
  if (w.__e2eSentSdp) return;
  const sent: SentSdp[] = [];
  w.__e2eSentSdp = sent;
  const original = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string') {
      const firstLine = data.slice(0, data.indexOf('\r\n'));
      const isInvite = firstLine.startsWith('INVITE ');
      const isInviteOk = firstLine.startsWith('SIP/2.0 200') && /^CSeq:\s*\d+\s+INVITE\s*$/im.test(data);
      if (isInvite || isInviteOk) {
        const pc = (w.__e2ePeerConnections ?? []).at(-1);
        sent.push({ firstLine, text: data, gatheringAtSend: pc ? pc.iceGatheringState : 'none' });
      }
    }
    return original.call(this, data);
  };
}

/** Test-side instrumentation: every `HTMLMediaElement.setSinkId(id)` the page calls, in `window.__e2eSinkIds`. */
export function recordSinkIds(): void {
  const w = window as unknown as { __e2eSinkIds?: string[] };
  if (w.__e2eSinkIds) return;
  const ids: string[] = [];
  w.__e2eSinkIds = ids;
  const original = HTMLMediaElement.prototype.setSinkId;
  HTMLMediaElement.prototype.setSinkId = function (this: HTMLMediaElement, id: string) {
    ids.push(id);
    return original.call(this, id);
  };
}

export interface CandidateSummary {
  type: string;
  address: string;
  port: number;
}

export class SettingsPage {
  readonly section: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Settings', exact: true });
  }

  textbox(name: 'STUN servers' | 'TURN servers' | 'TURN username'): Locator {
    return this.section.getByRole('textbox', { name, exact: true });
  }

  /** The TURN password field (a password input has no textbox role). */
  get turnPassword(): Locator {
    return this.section.getByLabel('TURN password', { exact: true });
  }

  get doNotDisturb(): Locator {
    return this.section.getByRole('checkbox', { name: 'Do not disturb', exact: true });
  }

  get relayOnly(): Locator {
    return this.section.getByRole('checkbox', { name: 'Relay every call through the TURN server', exact: true });
  }

  get ringtoneVolume(): Locator {
    return this.section.getByRole('slider', { name: 'Ringtone volume', exact: true });
  }

  get micLevel(): Locator {
    return this.section.getByRole('meter', { name: 'Microphone level', exact: true });
  }

  button(name: 'Save servers' | 'Test microphone' | 'Stop microphone test' | 'Play test tone'): Locator {
    return this.section.getByRole('button', { name, exact: true });
  }

  get status(): Locator {
    return this.section.getByRole('status');
  }

  /** Fills and saves the STUN and TURN form; expects it saved. */
  async saveServers(servers: { stun?: string; turn?: string; username?: string; credential?: string; relayOnly?: boolean }): Promise<void> {
    await this.textbox('STUN servers').fill(servers.stun ?? '');
    await this.textbox('TURN servers').fill(servers.turn ?? '');
    await this.textbox('TURN username').fill(servers.username ?? '');
    await this.turnPassword.fill(servers.credential ?? '');
    await this.relayOnly.setChecked(servers.relayOnly ?? false);
    await this.button('Save servers').click();
    await expect(this.status).toContainText('Saved on this device');
  }

  /** What `recordSinkIds` saw. */
  sinkIds(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eSinkIds?: string[] }).__e2eSinkIds ?? []);
  }

  /** What `recordSentSdp` saw. */
  sentSdp(): Promise<SentSdp[]> {
    return this.page.evaluate(() => (window as unknown as { __e2eSentSdp?: SentSdp[] }).__e2eSentSdp ?? []);
  }

  /** The RTCConfiguration of the page's newest peer connection. */
  lastPeerConnectionConfig(): Promise<{ iceServers: { urls: string | string[]; username?: string }[]; iceTransportPolicy: string } | null> {
    return this.page.evaluate(() => {
      const pc = ((window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? []).at(-1);
      if (!pc) return null;
      const c = pc.getConfiguration();
      return { iceServers: (c.iceServers ?? []).map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}) })), iceTransportPolicy: c.iceTransportPolicy ?? 'all' };
    });
  }

  /** The local and remote candidates (type, address, port) of the nominated pair of the page's newest live peer connection. */
  selectedPair(): Promise<{ local: CandidateSummary; remote: CandidateSummary } | null> {
    return this.page.evaluate(async () => {
      const pcs = ((window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? []).filter((pc) => pc.connectionState !== 'closed');
      const pc = pcs.at(-1);
      if (!pc) return null;
      const stats = await pc.getStats();
      let pairId: string | undefined;
      stats.forEach((r: { type: string; selectedCandidatePairId?: string }) => {
        if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
      });
      const pair = pairId ? (stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string } | undefined) : undefined;
      if (!pair) return null;
      const summary = (id: string) => {
        const c = stats.get(id) as { candidateType?: string; address?: string; port?: number } | undefined;
        return { type: String(c?.candidateType), address: String(c?.address), port: Number(c?.port) };
      };
      return { local: summary(pair.localCandidateId), remote: summary(pair.remoteCandidateId) };
    });
  }
}

/**
 * The STUN and TURN servers a person sets on the Settings page: checked, kept on this device (settings-storage.ts)
 * and given to every call's RTCPeerConnection as its ICE servers (RFC 8445 section 5.1.1: server reflexive candidates
 * by STUN, relayed ones by TURN, RFC 8656).
 *
 * Addresses are the URIs of RFC 7064 and RFC 7065, which WebRTC takes (W3C webrtc-pc RTCIceServer.urls):
 *   stun:host[:port]                          (RFC 7064 section 3.1; default port 3478)
 *   turn:host[:port][?transport=udp|tcp]      (RFC 7065 section 3.1; default port 3478)
 *   turns:host[:port][?transport=udp|tcp]     (TURN over TLS; default port 5349)
 * `stuns:` is left out: Chromium does not take it.
 */

export interface NetworkSettings {
  stunUrls: string[];
  turnUrls: string[];
  /** TURN long-term credential (RFC 8489 section 9.2); required with any TURN server. */
  turnUsername: string;
  turnCredential: string;
  /** Only relayed candidates (RTCIceTransportPolicy 'relay'): the peer never learns this device's addresses. */
  relayOnly: boolean;
}

export const NO_NETWORK_SETTINGS: NetworkSettings = { stunUrls: [], turnUrls: [], turnUsername: '', turnCredential: '', relayOnly: false };

/** What a call's peer connection gets: ICE servers and whether only relayed candidates may be used. */
export interface IceConfiguration {
  servers: RTCIceServer[];
  relayOnly: boolean;
}

/** The form as typed: URLs separated by spaces, commas or new lines. */
export interface NetworkSettingsInput {
  stun: string;
  turn: string;
  turnUsername: string;
  turnCredential: string;
  relayOnly: boolean;
}

export type NetworkSettingsErrors = Partial<Record<keyof NetworkSettingsInput, string>>;

export type NetworkSettingsCheck = { ok: true; settings: NetworkSettings } | { ok: false; errors: NetworkSettingsErrors };

// host = hostname / IPv4address / "[" IPv6 "]" (RFC 3986 section 3.2.2, as RFC 7064 uses it).
const HOST = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.?)`;
const STUN_URL = new RegExp(String.raw`^stun:(${HOST})(?::(\d{1,5}))?$`, 'i');
const TURN_URL = new RegExp(String.raw`^turns?:(${HOST})(?::(\d{1,5}))?(?:\?transport=(?:udp|tcp))?$`, 'i');

/** The URLs of a field, in order, without repeats. */
export function splitUrls(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((url) => url !== ''))];
}

function portOk(port: string | undefined): boolean {
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

function stunError(url: string): string | undefined {
  const m = STUN_URL.exec(url);
  if (m && portOk(m[2])) return undefined;
  if (/^turns?:/i.test(url)) return `“${url}” is a TURN server: put it under TURN servers.`;
  return `“${url}” is not a STUN server address: write stun:host or stun:host:port, for example stun:stun.example.com:3478.`;
}

function turnError(url: string): string | undefined {
  const m = TURN_URL.exec(url);
  if (m && portOk(m[2])) return undefined;
  if (/^stuns?:/i.test(url)) return `“${url}” is a STUN server: put it under STUN servers.`;
  return `“${url}” is not a TURN server address: write turn:host:port or turns:host:port, optionally with ?transport=udp or ?transport=tcp, for example turn:turn.example.com:3478.`;
}

/** Checks the form; every problem is said in words next to its field. */
export function checkNetworkSettings(input: NetworkSettingsInput): NetworkSettingsCheck {
  const stunUrls = splitUrls(input.stun);
  const turnUrls = splitUrls(input.turn);
  const turnUsername = input.turnUsername.trim();
  const turnCredential = input.turnCredential;
  const errors: NetworkSettingsErrors = {};
  const stun = stunUrls.map(stunError).find((e) => e !== undefined);
  if (stun) errors.stun = stun;
  const turn = turnUrls.map(turnError).find((e) => e !== undefined);
  if (turn) errors.turn = turn;
  if (turnUrls.length > 0 && turnUsername === '') errors.turnUsername = 'A TURN server needs a username.';
  if (turnUrls.length > 0 && turnCredential === '') errors.turnCredential = 'A TURN server needs a password.';
  if (turnUrls.length === 0 && (turnUsername !== '' || turnCredential !== '')) errors.turn = 'A TURN username and password need a TURN server.';
  if (input.relayOnly && turnUrls.length === 0) errors.relayOnly = 'Relaying every call needs a TURN server.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { stunUrls, turnUrls, turnUsername: turnUrls.length ? turnUsername : '', turnCredential: turnUrls.length ? turnCredential : '', relayOnly: input.relayOnly } };
}

/** The form's fields for saved settings. */
export function networkSettingsInput(settings: NetworkSettings): NetworkSettingsInput {
  return { stun: settings.stunUrls.join(' '), turn: settings.turnUrls.join(' '), turnUsername: settings.turnUsername, turnCredential: settings.turnCredential, relayOnly: settings.relayOnly };
}

/** Saved settings that still pass the checks (anything else read back from storage counts as none). */
export function networkSettingsOf(value: unknown): NetworkSettings {
  if (typeof value !== 'object' || value === null) return NO_NETWORK_SETTINGS;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((u): u is string => typeof u === 'string') : []);
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  const check = checkNetworkSettings({ stun: strings(v.stunUrls).join(' '), turn: strings(v.turnUrls).join(' '), turnUsername: text(v.turnUsername), turnCredential: text(v.turnCredential), relayOnly: v.relayOnly === true });
  return check.ok ? check.settings : NO_NETWORK_SETTINGS;
}

/** The ICE servers of the settings (one entry for the STUN servers, one for the TURN servers with their credential). */
export function iceConfigurationOf(settings: NetworkSettings): IceConfiguration {
  const servers: RTCIceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length > 0) servers.push({ urls: [...settings.turnUrls], username: settings.turnUsername, credential: settings.turnCredential });
  return { servers, relayOnly: settings.relayOnly && settings.turnUrls.length > 0 };
}

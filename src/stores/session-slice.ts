/**
 * Sign-in: server URL (defaulting to the page's own origin), SIP address and password, remembered on this device
 * except the password unless the user opts in. With the password remembered, the app signs in again by itself when
 * it loads (`resumeSession`, called by the composition root) until the user signs out; a failure lands on the form
 * with its reason, and a remembered password the server refuses is not tried again on the next load.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { SipFailure } from '../sip/sip-client.ts';
import type { AppDeps, AppState } from './app-store.ts';
import { describeFailure, failureOf } from './describe-failure.ts';
import { displayAor, normalizeAor } from './sip-address.ts';
import { cleanServerUrl, serverDomain } from '../services/server-address.ts';

export type SessionStatus = 'signed-out' | 'signing-in' | 'signed-in';

export interface SignInForm {
  serverUrl: string;
  aor: string;
  password: string;
  rememberPassword: boolean;
}

export interface SessionSlice {
  /** `resuming`: the sign-in under way is the automatic one of a load, not the user's (no user gesture). */
  session: SignInForm & { status: SessionStatus; failure: SipFailure | null; resuming: boolean };
  signIn: (form: SignInForm) => Promise<void>;
  /** Signs in with the remembered server, address and password, if the user left a sign-in to resume; else nothing. */
  resumeSession: () => Promise<void>;
  /**
   * Unregisters and leaves the signed-in screen. The conversations and call history stay on this device unless the
   * person asks `deleteHistory`: then the encrypted messages, their key and the call history of this account go.
   */
  signOut: (options?: { deleteHistory?: boolean }) => Promise<void>;
}

/** `ws(s)://host/sip` of the page's origin (`http://h:1` -> `ws://h:1/sip`). */
export function defaultServerUrl(origin: string): string {
  try {
    const url = new URL(origin);
    return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/sip`;
  } catch {
    return '';
  }
}

export const createSessionSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], SessionSlice> =>
  (set, get) => {
    const remembered = deps.settings.loadSession();
    const run = async (form: SignInForm, resuming: boolean): Promise<void> => {
      if (get().session.status !== 'signed-out') return;
      // A pasted https:// address means its WebSocket; a bare user name takes the server's domain (issue 17).
      const serverUrl = cleanServerUrl(form.serverUrl);
      const refuse = (detail: string) => set({ session: { ...form, status: 'signed-out', resuming: false, failure: { kind: 'other', detail } } });
      if (!/^wss?:\/\/[^/\s]/i.test(serverUrl)) {
        refuse(`“${form.serverUrl.trim()}” is not a server address. Enter one like wss://example.com/sip.`);
        return;
      }
      set({ session: { ...form, serverUrl, status: 'signing-in', resuming, failure: null } });
      // A bare user name takes the server's SIP domain when it says it (a SealPhone server does), else its host name.
      const asked = !form.aor.includes('@') && deps.sipDomainOf ? await deps.sipDomainOf(serverUrl) : null;
      const aor = normalizeAor(form.aor, asked ?? serverDomain(serverUrl) ?? serverDomain(deps.defaultServerUrl));
      if (!aor) {
        refuse(form.aor.trim() ? `“${form.aor.trim()}” is not a SIP address. Enter one like alice@example.com.` : 'Enter your SIP address, like alice@example.com.');
        return;
      }
      try {
        await deps.sip.signIn({ serverUrl, aor, password: form.password });
      } catch (error) {
        const failure = failureOf(error);
        // A remembered password the server refuses would be refused on every load: the user signs in again.
        if (resuming && failure.kind === 'authentication') deps.settings.saveSession({ serverUrl, aor: displayAor(aor), rememberPassword: true, password: form.password, resume: false });
        set({ session: { ...get().session, status: 'signed-out', resuming: false, failure } });
        return;
      }
      deps.settings.saveSession({ serverUrl, aor: displayAor(aor), rememberPassword: form.rememberPassword, password: form.rememberPassword ? form.password : undefined, resume: true });
      set({ session: { ...get().session, aor: displayAor(aor), password: form.rememberPassword ? form.password : '', status: 'signed-in', resuming: false } });
      await Promise.all([get().loadDirectory(aor), get().loadMessages(aor)]);
    };
    return {
      session: {
        serverUrl: remembered?.serverUrl || deps.defaultServerUrl,
        aor: remembered?.aor ?? '',
        password: remembered?.password ?? '',
        rememberPassword: remembered?.rememberPassword ?? false,
        status: 'signed-out',
        resuming: false,
        failure: null,
      },
      signIn: (form) => run(form, false),
      resumeSession: async () => {
        const saved = deps.settings.loadSession();
        if (!saved?.rememberPassword || !saved.resume || !saved.password || !saved.aor) return;
        await run({ serverUrl: saved.serverUrl || deps.defaultServerUrl, aor: saved.aor, password: saved.password, rememberPassword: true }, true);
      },
      signOut: async (options = {}) => {
        const owner = options.deleteHistory ? normalizeAor(get().session.aor) : null;
        // No automatic sign-in on the next load, until the next sign in (the remembered password itself stays).
        const saved = deps.settings.loadSession();
        if (saved?.resume) deps.settings.saveSession({ ...saved, resume: false });
        try {
          await deps.sip.signOut();
        } finally {
          set({ session: { ...get().session, status: 'signed-out', failure: null } });
          get().resetCalls();
          await Promise.all([get().resetMessages(owner ? { deleteStored: owner } : {}), owner ? get().deleteCallHistory(owner) : undefined]);
        }
      },
    };
  };

export const sessionSelectors = {
  status: (s: AppState) => s.session.status,
  /** The automatic sign-in of a load is under way. */
  resuming: (s: AppState) => s.session.status === 'signing-in' && s.session.resuming,
  form: (s: AppState) => s.session,
  /** The signed-in AOR (`sip:alice@example.com`) or null. */
  aor: (s: AppState) => (s.session.status === 'signed-in' ? normalizeAor(s.session.aor) : null),
  errorText: (s: AppState) => (s.session.failure ? (s.session.failure.kind === 'other' && !s.session.failure.status ? s.session.failure.detail : describeFailure(s.session.failure, 'sign-in')) : null),
};

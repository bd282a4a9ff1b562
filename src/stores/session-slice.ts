/**
 * Sign-in: server URL (defaulting to the page's own origin), SIP address and password, remembered on this device
 * except the password unless the user opts in.
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
  session: SignInForm & { status: SessionStatus; failure: SipFailure | null };
  signIn: (form: SignInForm) => Promise<void>;
  signOut: () => Promise<void>;
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
    return {
      session: {
        serverUrl: remembered?.serverUrl || deps.defaultServerUrl,
        aor: remembered?.aor ?? '',
        password: remembered?.password ?? '',
        rememberPassword: remembered?.rememberPassword ?? false,
        status: 'signed-out',
        failure: null,
      },
      signIn: async (form) => {
        if (get().session.status !== 'signed-out') return;
        // A pasted https:// address means its WebSocket; a bare user name takes the server's domain (issue 17).
        const serverUrl = cleanServerUrl(form.serverUrl);
        const refuse = (detail: string) => set({ session: { ...form, status: 'signed-out', failure: { kind: 'other', detail } } });
        if (!/^wss?:\/\/[^/\s]/i.test(serverUrl)) {
          refuse(`“${form.serverUrl.trim()}” is not a server address. Enter one like wss://example.com/sip.`);
          return;
        }
        const aor = normalizeAor(form.aor, serverDomain(serverUrl) ?? serverDomain(deps.defaultServerUrl));
        if (!aor) {
          refuse(form.aor.trim() ? `“${form.aor.trim()}” is not a SIP address. Enter one like alice@example.com.` : 'Enter your SIP address, like alice@example.com.');
          return;
        }
        set({ session: { ...form, serverUrl, status: 'signing-in', failure: null } });
        try {
          await deps.sip.signIn({ serverUrl, aor, password: form.password });
        } catch (error) {
          set({ session: { ...get().session, status: 'signed-out', failure: failureOf(error) } });
          return;
        }
        deps.settings.saveSession({ serverUrl, aor: displayAor(aor), rememberPassword: form.rememberPassword, password: form.rememberPassword ? form.password : undefined });
        set({ session: { ...get().session, aor: displayAor(aor), password: form.rememberPassword ? form.password : '', status: 'signed-in' } });
        await get().loadDirectory(aor);
      },
      signOut: async () => {
        try {
          await deps.sip.signOut();
        } finally {
          set({ session: { ...get().session, status: 'signed-out', failure: null } });
          get().resetCalls();
          get().resetMessages();
        }
      },
    };
  };

export const sessionSelectors = {
  status: (s: AppState) => s.session.status,
  form: (s: AppState) => s.session,
  /** The signed-in AOR (`sip:alice@example.com`) or null. */
  aor: (s: AppState) => (s.session.status === 'signed-in' ? normalizeAor(s.session.aor) : null),
  errorText: (s: AppState) => (s.session.failure ? (s.session.failure.kind === 'other' && !s.session.failure.status ? s.session.failure.detail : describeFailure(s.session.failure, 'sign-in')) : null),
};

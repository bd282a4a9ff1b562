/**
 * System notifications (the Notification API) for a call or a message that arrives while the tab is hidden. The
 * stores decide what to show (`src/stores/alerts.ts`); this service only reports whether it can, asks for the
 * permission once, and shows or closes notifications. Nothing happens where the API is missing or refused.
 */
export type NotificationPermissionState = NotificationPermission | 'unsupported';

export interface NotificationEnvironment {
  /** `document.visibilityState === 'visible'`. */
  visible: boolean;
  permission: NotificationPermissionState;
}

export interface AlertNotification {
  /** A notification with the same tag replaces the previous one (one per caller, one per conversation). */
  tag: string;
  title: string;
  body: string;
  /** Stays on screen until closed (a ringing call). */
  requireInteraction?: boolean;
}

export interface Notifications {
  environment(): NotificationEnvironment;
  /** Asks for the permission if it was never asked; call it from a user gesture (browsers ignore it otherwise). */
  requestPermission(): void;
  show(notification: AlertNotification): void;
  close(tag: string): void;
}

/** The window surface we use (tests pass a small fake). */
export interface NotificationWindow {
  Notification?: typeof Notification;
  document: Pick<Document, 'visibilityState' | 'addEventListener'>;
  navigator?: { permissions?: Pick<Permissions, 'query'> };
  focus(): void;
}

export function createBrowserNotifications(win: NotificationWindow = window): Notifications {
  const Api = win.Notification;
  const shown = new Map<string, Notification>();
  let asked = false;
  let broken = false;

  // Reading Notification.permission asks the browser each time (milliseconds in Chromium): keep it, and read it again
  // when it may have changed (our request answered, or the person changed it in the site settings).
  let known: NotificationPermissionState = Api ? Api.permission : 'unsupported';
  const refresh = () => {
    if (Api) known = Api.permission;
  };
  const permission = (): NotificationPermissionState => known;
  void win.navigator?.permissions
    ?.query({ name: 'notifications' })
    .then((status) => status.addEventListener('change', refresh))
    .catch(() => undefined);
  const closeAll = () => {
    for (const n of shown.values()) n.close();
    shown.clear();
  };
  // Back on the page: the calls and messages are on screen, the notifications have done their job.
  win.document.addEventListener('visibilitychange', () => {
    if (win.document.visibilityState === 'visible') closeAll();
  });

  return {
    environment: () => ({ visible: win.document.visibilityState !== 'hidden', permission: permission() }),
    requestPermission() {
      if (!Api || asked || Api.permission !== 'default') return;
      asked = true;
      try {
        void Promise.resolve(Api.requestPermission())
          .catch(() => undefined)
          .finally(refresh);
      } catch {
        /* an old callback-only API: no notifications then */
      }
    },
    show({ tag, title, body, requireInteraction }) {
      if (!Api || broken || Api.permission !== 'granted') return;
      try {
        shown.get(tag)?.close();
        // `renotify`: a replacement alerts again (a new message from the same person); not in TypeScript's DOM types.
        const options = { body, tag, requireInteraction: requireInteraction ?? false, renotify: true, icon: '/favicon.svg' } as NotificationOptions;
        const n = new Api(title, options);
        n.onclick = () => {
          win.focus();
          n.close();
        };
        n.onclose = () => {
          if (shown.get(tag) === n) shown.delete(tag);
        };
        shown.set(tag, n);
      } catch (error) {
        // Chrome on Android allows notifications only from a service worker.
        broken = true;
        console.warn('notifications: cannot show one', error);
      }
    },
    close(tag) {
      shown.get(tag)?.close();
      shown.delete(tag);
    },
  };
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserNotifications, type NotificationWindow } from '../../src/services/notifications.ts';

/** A Notification API that records what is shown, with a permission the test sets. */
function fakeWindow(permission: NotificationPermission = 'granted') {
  const created: FakeNotification[] = [];
  let requests = 0;
  class FakeNotification {
    static permission: NotificationPermission = permission;
    static async requestPermission() {
      requests++;
      return FakeNotification.permission;
    }
    onclick: (() => void) | null = null;
    onclose: (() => void) | null = null;
    closed = false;
    constructor(
      readonly title: string,
      readonly options: NotificationOptions & { renotify?: boolean },
    ) {
      created.push(this);
    }
    close() {
      this.closed = true;
      this.onclose?.();
    }
  }
  const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
  const win = { Notification: FakeNotification as unknown as typeof Notification, document, focus: vi.fn() };
  return { win: win as NotificationWindow, document, created, Api: FakeNotification, focus: win.focus, requests: () => requests };
}

afterEach(() => vi.restoreAllMocks());

describe('browser notifications', () => {
  it('reports visibility and permission; the permission is read again only when it may have changed', async () => {
    const { win, document, Api } = fakeWindow('default');
    const status = new EventTarget();
    const query = vi.fn(async () => status as PermissionStatus);
    const n = createBrowserNotifications({ ...win, navigator: { permissions: { query } } });
    expect(query).toHaveBeenCalledWith({ name: 'notifications' });
    expect(n.environment()).toEqual({ visible: false, permission: 'default' });
    document.visibilityState = 'visible';
    Api.permission = 'granted';
    // Chromium answers Notification.permission slowly: it is kept, not read on every state change ...
    expect(n.environment()).toEqual({ visible: true, permission: 'default' });
    // ... and read again when the browser says it changed (site settings) ...
    await Promise.resolve();
    status.dispatchEvent(new Event('change'));
    expect(n.environment()).toEqual({ visible: true, permission: 'granted' });
    expect(createBrowserNotifications({ document, focus: () => undefined }).environment().permission).toBe('unsupported');
  });

  it('reads the permission again once its own request is answered', async () => {
    const { win, Api } = fakeWindow('default');
    const n = createBrowserNotifications(win);
    const answered = vi.spyOn(Api, 'requestPermission').mockImplementation(async () => {
      Api.permission = 'denied';
      return 'denied';
    });
    n.requestPermission();
    await vi.waitFor(() => expect(n.environment().permission).toBe('denied'));
    expect(answered).toHaveBeenCalledTimes(1);
  });

  it('asks for the permission once, and only if never decided', () => {
    const undecided = fakeWindow('default');
    const n = createBrowserNotifications(undecided.win);
    n.requestPermission();
    n.requestPermission();
    expect(undecided.requests()).toBe(1);
    const denied = fakeWindow('denied');
    createBrowserNotifications(denied.win).requestPermission();
    expect(denied.requests()).toBe(0);
  });

  it('shows a notification with its tag; clicking focuses the window and closes it', () => {
    const { win, created, focus } = fakeWindow();
    createBrowserNotifications(win).show({ tag: 'message:sip:bob@x', title: 'Message from bob@x', body: 'hi' });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ title: 'Message from bob@x', options: { body: 'hi', tag: 'message:sip:bob@x', requireInteraction: false, renotify: true } });
    created[0]!.onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(created[0]!.closed).toBe(true);
  });

  it('shows nothing when denied or unsupported', () => {
    const { win, created } = fakeWindow('denied');
    createBrowserNotifications(win).show({ tag: 't', title: 'x', body: '' });
    expect(created).toEqual([]);
    const { document } = fakeWindow();
    expect(() => createBrowserNotifications({ document, focus: () => undefined }).show({ tag: 't', title: 'x', body: '' })).not.toThrow();
  });

  it('closes by tag, and closes everything when the page becomes visible', () => {
    const { win, created, document } = fakeWindow();
    const n = createBrowserNotifications(win);
    n.show({ tag: 'call:1', title: 'Incoming call', body: '', requireInteraction: true });
    n.show({ tag: 'message:a', title: 'Message', body: '' });
    n.show({ tag: 'message:b', title: 'Message', body: '' });
    n.close('call:1');
    expect(created.map((c) => c.closed)).toEqual([true, false, false]);
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(created.map((c) => c.closed)).toEqual([true, true, true]);
  });

  it('gives up quietly where notifications need a service worker (constructor throws)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { win, document } = fakeWindow();
    const Throwing = class {
      static permission = 'granted';
      constructor() {
        throw new TypeError('Illegal constructor');
      }
    };
    const n = createBrowserNotifications({ ...win, document, Notification: Throwing as unknown as typeof Notification });
    n.show({ tag: 'a', title: 'x', body: '' });
    n.show({ tag: 'b', title: 'y', body: '' });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

/** watchMediaPermission: granted only when the Permissions API says so, kept current by change events. */
import { describe, expect, it } from 'vitest';
import { watchMediaPermission } from '../../src/services/media-permission.ts';

/** A Permissions API whose states the test sets; `refuse` names a permission the browser cannot query. */
function fakePermissions(states: Record<string, PermissionState>, refuse: string[] = []) {
  const statuses = new Map<string, EventTarget & { state: PermissionState }>();
  const permissions = {
    query: async ({ name }: PermissionDescriptor) => {
      if (refuse.includes(name)) throw new TypeError(`${name} is not a valid PermissionName`);
      const status = Object.assign(new EventTarget(), { state: states[name] ?? 'prompt' });
      statuses.set(name, status);
      return status as unknown as PermissionStatus;
    },
  };
  const change = (name: string, state: PermissionState) => {
    const status = statuses.get(name)!;
    status.state = state;
    status.dispatchEvent(new Event('change'));
  };
  return { permissions, change };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchMediaPermission', () => {
  it('is false until the answers are in, then follows them: audio needs the microphone, video the camera too', async () => {
    const { permissions, change } = fakePermissions({ microphone: 'granted', camera: 'prompt' });
    const allowed = watchMediaPermission(permissions);
    expect(allowed(false)).toBe(false);
    await settle();
    expect([allowed(false), allowed(true)]).toEqual([true, false]);
    change('camera', 'granted');
    expect(allowed(true)).toBe(true);
    change('microphone', 'denied');
    expect([allowed(false), allowed(true)]).toEqual([false, false]);
  });

  it('counts a browser without the API, or one that cannot query these names, as not granted', async () => {
    const none = watchMediaPermission(undefined);
    const refusing = watchMediaPermission(fakePermissions({ microphone: 'granted' }, ['microphone', 'camera']).permissions);
    await settle();
    expect([none(false), refusing(false)]).toEqual([false, false]);
  });
});

/**
 * Whether the browser will open the microphone (and, for video, the camera) without asking: the Permissions API
 * says `granted` (W3C Permissions, "microphone" and "camera"), kept current by each status's change event. Unknown
 * (no Permissions API, a name the browser cannot query, or the answer not in yet) counts as not granted.
 */
export type MediaPermission = (video: boolean) => boolean;

export function watchMediaPermission(permissions: Pick<Permissions, 'query'> | undefined = globalThis.navigator?.permissions): MediaPermission {
  const granted = { microphone: false, camera: false };
  for (const name of ['microphone', 'camera'] as const) {
    permissions?.query({ name: name as PermissionName }).then(
      (status) => {
        granted[name] = status.state === 'granted';
        status.addEventListener('change', () => {
          granted[name] = status.state === 'granted';
        });
      },
      () => undefined,
    );
  }
  return (video) => granted.microphone && (!video || granted.camera);
}

/**
 * The microphones, cameras and speakers of this device (`navigator.mediaDevices`), as lists the stores can keep.
 *
 * Browsers hide devices until the page may use the microphone or camera: before that, `enumerateDevices()` gives
 * entries without a deviceId (nothing to choose) or without a label (we say "Microphone 1"). The system default
 * (deviceId `default`, Chromium) is not listed as a device of its own: the UI offers "System default" anyway.
 */
export interface DeviceOption {
  id: string;
  label: string;
}

export interface DeviceLists {
  audioinput: DeviceOption[];
  videoinput: DeviceOption[];
  audiooutput: DeviceOption[];
  /** Names of the system default devices when the browser tells them (Chromium: "Default - Built-in Microphone"). */
  defaults: Partial<Record<MediaDeviceKind, string>>;
  /** True once the browser shows deviceIds: only then can a remembered choice be found missing. */
  exposed: boolean;
  /** True when every device came with a name of its own (not "Microphone 1"). */
  named: boolean;
}

export interface MediaDevicesService {
  /** `HTMLMediaElement.prototype.setSinkId` exists: calls can play through a chosen speaker. */
  readonly canChooseSpeaker: boolean;
  list(): Promise<DeviceLists>;
  /** Asks for the microphone (and camera) once so that devices get their names; false when refused. */
  requestAccess(): Promise<boolean>;
  /** `devicechange`: a device was plugged in or out. Returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** The part of MediaDeviceInfo we read. */
export type DeviceInfoLike = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

const FALLBACK: Record<MediaDeviceKind, string> = { audioinput: 'Microphone', videoinput: 'Camera', audiooutput: 'Speaker' };
const PSEUDO_IDS = new Set(['default', 'communications']);

export const noDevices = (): DeviceLists => ({ audioinput: [], videoinput: [], audiooutput: [], defaults: {}, exposed: false, named: false });

/** `enumerateDevices()` entries as lists per kind, with fallback names ("Camera 2") for unnamed devices. */
export function deviceListsOf(infos: readonly DeviceInfoLike[]): DeviceLists {
  const lists = noDevices();
  lists.named = true;
  for (const info of infos) {
    if (!(info.kind in FALLBACK)) continue;
    if (info.deviceId) lists.exposed = true;
    if (info.deviceId === 'default') {
      if (info.label) lists.defaults[info.kind] = info.label.replace(/^Default\s*-\s*/i, '');
      continue;
    }
    if (!info.deviceId || PSEUDO_IDS.has(info.deviceId)) continue;
    const list = lists[info.kind];
    if (list.some((d) => d.id === info.deviceId)) continue;
    if (!info.label) lists.named = false;
    list.push({ id: info.deviceId, label: info.label || `${FALLBACK[info.kind]} ${list.length + 1}` });
  }
  if (!lists.exposed) lists.named = false;
  return lists;
}

const stopAll = (stream: MediaStream) => stream.getTracks().forEach((t) => t.stop());

export function createBrowserMediaDevices(
  media: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
  canChooseSpeaker: boolean = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
): MediaDevicesService {
  return {
    canChooseSpeaker,
    async list() {
      if (!media?.enumerateDevices) return noDevices();
      return deviceListsOf(await media.enumerateDevices());
    },
    async requestAccess() {
      if (!media?.getUserMedia) return false;
      for (const constraints of [{ audio: true, video: true }, { audio: true }]) {
        try {
          stopAll(await media.getUserMedia(constraints));
          return true;
        } catch {
          /* no camera, or refused: try the microphone alone, then give up */
        }
      }
      return false;
    },
    onChange(listener) {
      if (!media?.addEventListener) return () => undefined;
      media.addEventListener('devicechange', listener);
      return () => media.removeEventListener('devicechange', listener);
    },
  };
}

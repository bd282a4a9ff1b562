/**
 * Microphone, camera and speaker: the devices this browser shows, the choice kept on this device, and the ids calls
 * use. A chosen device that is not connected any more is kept as the choice (it is used again when it comes back)
 * while calls fall back to the system default; the UI says so.
 */
import type { StateCreator } from 'zustand/vanilla';
import { noDevices, type DeviceLists, type DeviceOption } from '../services/media-devices.ts';
import type { ChosenDevice, DeviceChoice } from '../services/settings-storage.ts';
import type { AppDeps, AppState } from './app-store.ts';

export type DeviceSlot = 'audioInputId' | 'videoInputId' | 'audioOutputId';

export const KIND_OF: Readonly<Record<DeviceSlot, MediaDeviceKind>> = { audioInputId: 'audioinput', videoInputId: 'videoinput', audioOutputId: 'audiooutput' };

export interface DevicesSlice {
  devices: {
    /** The deviceIds calls use (`undefined`: the system default). */
    audioInputId?: string;
    videoInputId?: string;
    audioOutputId?: string;
    /** What the person chose, remembered on this device. */
    chosen: DeviceChoice;
    lists: DeviceLists;
    /** The devices were listed at least once. */
    listed: boolean;
    canChooseSpeaker: boolean;
  };
  chooseDevice: (kind: DeviceSlot, id: string | undefined) => void;
  /** Lists the devices again (on sign-in, on `devicechange`, once a call has the microphone so that names appear). */
  refreshDevices: () => Promise<void>;
  /** Asks for the microphone and camera so that the browser shows the devices' names. */
  allowDeviceAccess: () => Promise<void>;
}

/** The chosen device if it can be used: present, or not checkable yet (the browser hides devices until permission). */
function usable(chosen: ChosenDevice | undefined, list: DeviceOption[], exposed: boolean): string | undefined {
  if (!chosen) return undefined;
  return !exposed || list.some((d) => d.id === chosen.id) ? chosen.id : undefined;
}

function effectiveIds(chosen: DeviceChoice, lists: DeviceLists, canChooseSpeaker: boolean): Pick<DevicesSlice['devices'], DeviceSlot> {
  return {
    audioInputId: usable(chosen.audioinput, lists.audioinput, lists.exposed),
    videoInputId: usable(chosen.videoinput, lists.videoinput, lists.exposed),
    audioOutputId: canChooseSpeaker ? usable(chosen.audiooutput, lists.audiooutput, lists.exposed) : undefined,
  };
}

export const createDevicesSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], DevicesSlice> =>
  (set, get) => {
    const canChooseSpeaker = deps.mediaDevices.canChooseSpeaker;
    const apply = (chosen: DeviceChoice, lists: DeviceLists, listed = get().devices.listed) =>
      set({ devices: { ...get().devices, chosen, lists, listed, ...effectiveIds(chosen, lists, canChooseSpeaker) } });
    let listing = 0;
    const chosen = deps.settings.loadDevices();
    const lists = noDevices();
    return {
      devices: { chosen, lists, listed: false, canChooseSpeaker, ...effectiveIds(chosen, lists, canChooseSpeaker) },
      chooseDevice: (slot, id) => {
        const kind = KIND_OF[slot];
        const { chosen, lists } = get().devices;
        const next = { ...chosen };
        if (id) next[kind] = { id, label: lists[kind].find((d) => d.id === id)?.label ?? (chosen[kind]?.id === id ? chosen[kind].label : '') };
        else delete next[kind];
        deps.settings.saveDevices(next);
        apply(next, lists);
      },
      refreshDevices: async () => {
        const ticket = ++listing;
        try {
          const lists = await deps.mediaDevices.list();
          if (ticket !== listing) return;
          apply(get().devices.chosen, lists, true);
        } catch (error) {
          console.warn('devices: cannot list them', error);
        }
      },
      allowDeviceAccess: async () => {
        await deps.mediaDevices.requestAccess();
        await get().refreshDevices();
      },
    };
  };

const missing = (slot: DeviceSlot) => (s: AppState): ChosenDevice | undefined => {
  const kind = KIND_OF[slot];
  const chosen = s.devices.chosen[kind];
  if (!chosen || (slot === 'audioOutputId' && !s.devices.canChooseSpeaker)) return undefined;
  return s.devices[slot] === undefined && s.devices.lists.exposed ? chosen : undefined;
};

export const deviceSelectors = {
  /** The speaker calls play through (setSinkId), `undefined` for the system default. */
  audioOutputId: (s: AppState) => s.devices.audioOutputId,
  selected: (slot: DeviceSlot) => (s: AppState) => s.devices[slot],
  list: (slot: DeviceSlot) => (s: AppState) => s.devices.lists[KIND_OF[slot]],
  defaultName: (slot: DeviceSlot) => (s: AppState) => s.devices.lists.defaults[KIND_OF[slot]],
  /** The chosen device when it is remembered but not connected (calls use the default meanwhile). */
  missing,
  /** The chosen device when the browser does not list devices yet, so that it can still be shown as selected. */
  unlisted: (slot: DeviceSlot) => (s: AppState): ChosenDevice | undefined => {
    const chosen = s.devices.chosen[KIND_OF[slot]];
    return chosen && !s.devices.lists.exposed && s.devices[slot] === chosen.id ? chosen : undefined;
  },
  canChooseSpeaker: (s: AppState) => s.devices.canChooseSpeaker,
  /** The browser hides the devices' names until the microphone or camera is allowed. */
  needsAccess: (s: AppState) => s.devices.listed && !s.devices.lists.named,
};

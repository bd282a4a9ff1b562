/** Microphone, camera and speaker choice (deviceIds); the UI lists devices through the media-devices service. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store.ts';

export interface DevicesSlice {
  devices: { audioInputId?: string; videoInputId?: string; audioOutputId?: string };
  chooseDevice: (kind: 'audioInputId' | 'videoInputId' | 'audioOutputId', id: string | undefined) => void;
}

export const createDevicesSlice = (): StateCreator<AppState, [], [], DevicesSlice> => (set, get) => ({
  devices: {},
  chooseDevice: (kind, id) => set({ devices: { ...get().devices, [kind]: id || undefined } }),
});

export const deviceSelectors = {
  audioOutputId: (s: AppState) => s.devices.audioOutputId,
};

/**
 * The Settings page: STUN and TURN servers, ringtone volume and do not disturb (kept on this device through the
 * settings storage, applied to the SipClient and the ringer at once), and the checks of the chosen microphone (a
 * level meter) and speaker (a test tone).
 */
import type { StateCreator } from 'zustand/vanilla';
import { checkNetworkSettings, iceConfigurationOf, networkSettingsInput, type NetworkSettingsErrors, type NetworkSettingsInput } from '../services/ice-servers.ts';
import type { Preferences } from '../services/settings-storage.ts';
import type { CallOptions } from '../sip/sip-client.ts';
import type { AppDeps, AppState } from './app-store.ts';

export interface SettingsSlice {
  settings: {
    preferences: Preferences;
    /** Why the STUN and TURN form was not saved, per field; null once saved. */
    networkErrors: NetworkSettingsErrors | null;
    /** The microphone's level (0 to 1) while the meter runs; null when it does not. */
    micLevel: number | null;
    /** Why the meter or the test tone could not run, in words. */
    checkError: string | null;
    playingTestTone: boolean;
  };
  /** Checks and saves the STUN and TURN servers; false (with `networkErrors`) when they are not valid. */
  saveNetworkSettings: (input: NetworkSettingsInput) => boolean;
  setRingtoneVolume: (volume: number) => void;
  setDoNotDisturb: (on: boolean) => void;
  startMicrophoneMeter: () => Promise<void>;
  stopMicrophoneMeter: () => void;
  playTestTone: () => Promise<void>;
}

/** The ICE servers of the settings as a call's options (nothing when none are set). */
export function iceOptions(preferences: Preferences): Pick<CallOptions, 'ice'> {
  const ice = iceConfigurationOf(preferences.network);
  return ice.servers.length > 0 ? { ice } : {};
}

export type { NetworkSettingsErrors, NetworkSettingsInput };
/** The STUN and TURN form's fields for saved servers. */
export { networkSettingsInput };

export const settingsSelectors = {
  /** The saved STUN and TURN servers (one object until they change: a selector must not make a new one each time). */
  network: (s: AppState) => s.settings.preferences.network,
  ringtoneVolume: (s: AppState) => s.settings.preferences.ringtoneVolume,
  doNotDisturb: (s: AppState) => s.settings.preferences.doNotDisturb,
  networkErrors: (s: AppState) => s.settings.networkErrors,
  micLevel: (s: AppState) => s.settings.micLevel,
  checkError: (s: AppState) => s.settings.checkError,
  playingTestTone: (s: AppState) => s.settings.playingTestTone,
  /** How many STUN and TURN servers calls use. */
  serverCount: (s: AppState) => s.settings.preferences.network.stunUrls.length + s.settings.preferences.network.turnUrls.length,
};

const unavailable = 'This browser cannot check audio devices.';

export const createSettingsSlice =
  (deps: AppDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    const update = (change: Partial<SettingsSlice['settings']>) => set({ settings: { ...get().settings, ...change } });
    const save = (preferences: Preferences) => {
      deps.settings.savePreferences(preferences);
      update({ preferences });
    };
    const preferences = deps.settings.loadPreferences();
    deps.ringer.setVolume(preferences.ringtoneVolume);
    if (preferences.doNotDisturb) deps.sip.setDoNotDisturb(true);
    let stopMeter: (() => void) | null = null;
    let meterRun = 0;
    return {
      settings: { preferences, networkErrors: null, micLevel: null, checkError: null, playingTestTone: false },
      saveNetworkSettings: (input) => {
        const check = checkNetworkSettings(input);
        if (!check.ok) {
          update({ networkErrors: check.errors });
          return false;
        }
        update({ networkErrors: null });
        save({ ...get().settings.preferences, network: check.settings });
        return true;
      },
      setRingtoneVolume: (volume) => {
        const clamped = Math.min(1, Math.max(0, volume));
        deps.ringer.setVolume(clamped);
        save({ ...get().settings.preferences, ringtoneVolume: clamped });
      },
      setDoNotDisturb: (on) => {
        deps.sip.setDoNotDisturb(on);
        save({ ...get().settings.preferences, doNotDisturb: on });
      },
      startMicrophoneMeter: async () => {
        get().stopMicrophoneMeter();
        const check = deps.audioCheck;
        if (!check) return update({ checkError: unavailable });
        const run = ++meterRun;
        update({ micLevel: 0, checkError: null });
        try {
          const stop = await check.meterMicrophone(get().devices.audioInputId, (level) => {
            if (run === meterRun) update({ micLevel: level });
          });
          if (run === meterRun) stopMeter = stop;
          else stop();
        } catch (error) {
          if (run === meterRun) update({ micLevel: null, checkError: `Cannot open the microphone: ${error instanceof Error ? error.message : String(error)}` });
        }
      },
      stopMicrophoneMeter: () => {
        meterRun++;
        stopMeter?.();
        stopMeter = null;
        if (get().settings.micLevel !== null) update({ micLevel: null });
      },
      playTestTone: async () => {
        const check = deps.audioCheck;
        if (!check) return update({ checkError: unavailable });
        if (get().settings.playingTestTone) return;
        update({ playingTestTone: true, checkError: null });
        try {
          await check.playTestTone(get().devices.audioOutputId);
          update({ playingTestTone: false });
        } catch (error) {
          update({ playingTestTone: false, checkError: `Cannot play the test tone: ${error instanceof Error ? error.message : String(error)}` });
        }
      },
    };
  };

/**
 * The Settings page's checks of the chosen devices: a level meter on the microphone (Web Audio AnalyserNode, RMS of
 * the waveform in dBFS) and a short test tone on the speaker (an oscillator into a MediaStream played by an <audio>
 * element whose sink is the chosen speaker, `HTMLMediaElement.setSinkId`).
 */
export interface AudioCheck {
  /**
   * Opens the microphone (`deviceId`, or the system default) and reports its level, 0 (silence, -60 dBFS or less) to
   * 1 (full scale), about 20 times a second until the returned function is called; rejects when it cannot be opened.
   */
  meterMicrophone(deviceId: string | undefined, onLevel: (level: number) => void): Promise<() => void>;
  /** Plays TEST_TONE_SECONDS of a 440 Hz tone on the speaker (`sinkId`, or the default); resolves once played. */
  playTestTone(sinkId: string | undefined): Promise<void>;
}

export const TEST_TONE_SECONDS = 0.8;
const TEST_TONE_HZ = 440;
const METER_INTERVAL_MS = 50;
/** The quietest level the meter shows above zero (dBFS). */
const FLOOR_DB = -60;

/** The level of a waveform (samples in -1..1): its RMS in dBFS, from FLOOR_DB (0) to 0 dBFS (1). */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

export function createBrowserAudioCheck(): AudioCheck {
  return {
    async meterMicrophone(deviceId, onLevel) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
      const context = new AudioContext();
      if (context.state === 'suspended') await context.resume().catch(() => undefined);
      const source = context.createMediaStreamSource(stream);
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      source.connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        onLevel(levelOf(samples));
      }, METER_INTERVAL_MS);
      return () => {
        clearInterval(timer);
        source.disconnect();
        stream.getTracks().forEach((t) => t.stop());
        void context.close().catch(() => undefined);
      };
    },
    async playTestTone(sinkId) {
      const context = new AudioContext();
      try {
        if (context.state === 'suspended') await context.resume().catch(() => undefined);
        const destination = context.createMediaStreamDestination();
        const gain = context.createGain();
        const osc = context.createOscillator();
        osc.frequency.value = TEST_TONE_HZ;
        const t = context.currentTime;
        gain.gain.setValueAtTime(0, t);
        gain.gain.linearRampToValueAtTime(0.2, t + 0.02);
        gain.gain.setValueAtTime(0.2, t + TEST_TONE_SECONDS - 0.02);
        gain.gain.linearRampToValueAtTime(0, t + TEST_TONE_SECONDS);
        osc.connect(gain).connect(destination);
        const audio = new Audio();
        audio.srcObject = destination.stream;
        if (sinkId && typeof audio.setSinkId === 'function') await audio.setSinkId(sinkId);
        await audio.play();
        osc.start(t);
        osc.stop(t + TEST_TONE_SECONDS);
        await new Promise<void>((resolve) => {
          osc.onended = () => resolve();
        });
        audio.pause();
        audio.srcObject = null;
      } finally {
        void context.close().catch(() => undefined);
      }
    },
  };
}

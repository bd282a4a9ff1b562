/** The peak of a process's resident memory, sampled every `intervalMs` while something runs. */
export interface PeakSampler {
  /** The largest sample so far, in bytes. */
  readonly peakBytes: number;
  stop(): void;
}

export function samplePeak(read: () => number, intervalMs = 100): PeakSampler {
  let peak = read();
  const sample = () => {
    try {
      peak = Math.max(peak, read());
    } catch {
      // The process has exited; the test sees that on its own.
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    get peakBytes() {
      return peak;
    },
    stop() {
      clearInterval(timer);
      sample();
    },
  };
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

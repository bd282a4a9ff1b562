/** The browser check: can this browser do the cryptography SealPhone needs? */
import type { StateCreator } from 'zustand/vanilla';
import type { BrowserCheckReport, BrowserCheckService } from '../services/browser-check.ts';

export type BrowserCheckStatus = 'idle' | 'running' | 'passed' | 'failed';

export interface BrowserCheckSlice {
  browserCheck: { status: BrowserCheckStatus; report: BrowserCheckReport | null };
  runBrowserCheck: () => Promise<void>;
}

export const createBrowserCheckSlice =
  (deps: { browserCheck: BrowserCheckService }): StateCreator<BrowserCheckSlice, [], [], BrowserCheckSlice> =>
  (set, get) => ({
    browserCheck: { status: 'idle', report: null },
    runBrowserCheck: async () => {
      if (get().browserCheck.status === 'running') return;
      set({ browserCheck: { status: 'running', report: null } });
      const report = await deps.browserCheck.run();
      set({ browserCheck: { status: report.steps.every((s) => s.ok) ? 'passed' : 'failed', report } });
    },
  });

export const browserCheckSelectors = {
  status: (s: BrowserCheckSlice) => s.browserCheck.status,
  report: (s: BrowserCheckSlice) => s.browserCheck.report,
};

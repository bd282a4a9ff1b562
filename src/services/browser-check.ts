/** The contract of the browser check; the implementation loads the crypto core lazily. */
export interface BrowserCheckStep {
  name: string;
  ok: boolean;
  detail: string;
  milliseconds: number;
}

export interface BrowserCheckReport {
  steps: BrowserCheckStep[];
}

export interface BrowserCheckService {
  run(): Promise<BrowserCheckReport>;
}

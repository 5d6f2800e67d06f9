import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The real server on its own port with a throwaway SQLite file, serving the real release build in ../dist.
const port = Number(process.env.E2E_PORT ?? 8181);
/** The card signing key of the test server only (hex, 32 bytes); tests read it from E2E_CARD_KEY. */
const E2E_CARD_KEY = 'e2e0000000000000000000000000000000000000000000000000000000000001';
process.env.E2E_CARD_KEY = E2E_CARD_KEY;
const database = join(mkdtempSync(join(tmpdir(), 'yidi-e2e-')), 'e2e.sqlite3');

const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // Without the background-networking flags Chromium floods the closed network with failing connections.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    // Each test starts without the service worker (Playwright cannot see requests it makes);
    // the offline tests allow it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'phone',
      testIgnore: /server\.spec/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `${process.env.YIDI_BIN ?? 'target/release/yidi'} serve`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      YIDI_PORT: String(port),
      YIDI_DATABASE: database,
      YIDI_DIST: process.env.YIDI_DIST ?? 'dist',
      RUST_LOG: 'yidi=info',
      // The suite files from one address far faster than a person; the limit itself is tested in tests/api_filings.rs.
      YIDI_WRITE_RATE: '600',
      // Likewise for failed look-ups from one address (tests/api_guessing.rs tests the limits themselves).
      YIDI_ATTEMPTS_PER_ADDRESS: '1000',
      // A known card key, so that a test can sign a token that has already expired (e2e/tests/card.spec.ts).
      YIDI_CARD_KEY: E2E_CARD_KEY,
    },
  },
});

// Debian's Chromium and Firefox ESR for the Node-driven browser tests (puppeteer-core never downloads a browser).
import puppeteer, {type Browser} from 'puppeteer-core';

/** The flags every headless Chromium here needs: no sandbox as root, no GPU, nothing phoning home. */
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts headless Chromium (`CHROMIUM_BIN`, else /usr/bin/chromium) or Firefox ESR (`FIREFOX_BIN`). */
export function launchBrowser(name: 'chromium' | 'firefox' = 'chromium'): Promise<Browser> {
  return name === 'chromium'
    ? puppeteer.launch({executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', headless: true, args: chromiumArgs})
    : puppeteer.launch({browser: 'firefox', executablePath: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr', headless: true});
}

import { existsSync } from 'node:fs'

/**
 * The system Chromium every browser run uses (tests, e2e, benchmarks): Debian's
 * package at /usr/bin/chromium unless CHROMIUM_PATH says otherwise. Nothing
 * downloads a browser.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The first Chromium that exists: CHROMIUM_PATH, Debian's, then other common names. */
export function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (p): p is string => !!p && existsSync(p),
  )
}

/**
 * Launch flags: no sandbox (CI runs as root), no GPU, and no background traffic
 * (this machine's network is closed; without these Chromium retries connections
 * at every start). Colour profile and font hinting fixed for stable screenshots.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--force-color-profile=srgb',
  '--font-render-hinting=none',
]

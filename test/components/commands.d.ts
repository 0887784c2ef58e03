// Custom browser commands defined in vitest.browser.config.ts.
import 'vitest/browser'

declare module 'vitest/browser' {
  interface BrowserCommands {
    setColorScheme: (scheme: 'light' | 'dark') => Promise<void>
    resetMouse: () => Promise<void>
    /** The accessible names of every `role` element in Chromium's accessibility tree of the test frame. */
    accessibleNames: (role: string) => Promise<string[]>
    screenshotRegion: (path: string, rect: { x: number; y: number; width: number; height: number }) => Promise<void>
  }
}

// Custom browser commands defined in vitest.browser.config.ts.
import 'vitest/browser'

declare module 'vitest/browser' {
  interface BrowserCommands {
    setColorScheme: (scheme: 'light' | 'dark') => Promise<void>
    resetMouse: () => Promise<void>
    screenshotRegion: (path: string, rect: { x: number; y: number; width: number; height: number }) => Promise<void>
  }
}

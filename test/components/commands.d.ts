// Custom browser commands defined in vitest.browser.config.ts.
import 'vitest/browser'

declare module 'vitest/browser' {
  interface BrowserCommands {
    setColorScheme: (scheme: 'light' | 'dark') => Promise<void>
    resetMouse: () => Promise<void>
    /** The accessible names of every `role` element in Chromium's accessibility tree of the test frame. */
    accessibleNames: (role: string) => Promise<string[]>
    /** For every `role` node whose name contains `name`: the politeness of its live region in Chromium's tree (null: none, or off). */
    liveStatus: (role: string, name: string) => Promise<Array<string | null>>
    screenshotRegion: (path: string, rect: { x: number; y: number; width: number; height: number }) => Promise<void>
  }
}

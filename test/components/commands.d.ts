// Custom browser commands defined in vitest.browser.config.ts.
import 'vitest/browser'

declare module 'vitest/browser' {
  interface BrowserCommands {
    setColorScheme: (scheme: 'light' | 'dark') => Promise<void>
    resetMouse: () => Promise<void>
    /** Every later request whose URL contains `part` fails as a network error would, until `allowRequests(part)`. */
    failRequests: (part: string) => Promise<void>
    /** Ends `failRequests(part)`: the page is every test file's. */
    allowRequests: (part: string) => Promise<void>
    /** The accessible names of every `role` element in Chromium's accessibility tree of the test frame. */
    accessibleNames: (role: string) => Promise<string[]>
    /** For every `role` node whose name contains `name`: the politeness of its live region in Chromium's tree (null: none, or off). */
    liveStatus: (role: string, name: string) => Promise<Array<string | null>>
    screenshotRegion: (path: string, rect: { x: number; y: number; width: number; height: number }) => Promise<void>
  }
}

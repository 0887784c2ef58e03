import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach } from 'vitest'
import { commands } from 'vitest/browser'
import '../../src/components/styles.css'
import { preloadAttestationPopover } from '../../src/components/AttestationBadge.tsx'
import { preloadModelSelect } from '../../src/components/ModelPicker.tsx'

// The model list and the badge's popover are there before each test renders, as they are in an app
// a moment after the chat mounts (test/components/lazy-parts.test.tsx covers the moment before).
// The markdown renderer is left to load as it does in an app (test/components/markdown.test.tsx).
beforeAll(() => Promise.all([preloadModelSelect(), preloadAttestationPopover()]))

beforeEach(async () => {
  await commands.resetMouse()
})

afterEach(() => {
  cleanup()
  delete document.documentElement.dataset.theme
  document.documentElement.classList.remove('dark', 'light')
})

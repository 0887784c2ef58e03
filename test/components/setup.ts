import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { commands } from 'vitest/browser'
import '../../src/components/styles.css'

beforeEach(async () => {
  await commands.resetMouse()
})

afterEach(() => {
  cleanup()
  delete document.documentElement.dataset.theme
  document.documentElement.classList.remove('dark', 'light')
})

import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Vite config for Storybook (and the Storybook vitest project). Keep it minimal.
export default defineConfig({
  plugins: [react()],
})

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** A Venice API key for the dev server (never embedded in a build). */
  readonly VITE_VENICE_API_KEY?: string
}

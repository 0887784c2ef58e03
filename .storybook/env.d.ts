// Vite's ambient types (CSS side-effect imports, import.meta.env) for the Storybook config and stories.
/// <reference types="vite/client" />

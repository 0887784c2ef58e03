// Vite's ambient types (CSS side-effect imports, import.meta.env) for the browser tests.
/// <reference types="vite/client" />

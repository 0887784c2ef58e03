// The bench's work folder, not the repository around it, is the app.
export default { turbopack: { root: import.meta.dirname } }

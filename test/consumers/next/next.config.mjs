// An app as a user writes it: nothing sealkit-specific. (The root only tells Turbopack that this
// fixture, not the repository around it, is the app.)
export default { turbopack: { root: import.meta.dirname } }

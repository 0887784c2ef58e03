/** One of the actions under a message, by its words in the catalog (`t.actions`). */
export type ActionKey = 'copyMarkdown' | 'copyText' | 'regenerate' | 'edit'

/**
 * The actions a message shows, in order: the one list `MessageActions` draws its buttons and tab stop from, and the
 * place `PrivateChatView` keeps for them while their chunk loads draws the same buttons, unseen (so a row that wraps
 * at a narrow width takes the same height). A reply held back behind its failed check (`withheld`) has no copies: no
 * copy of the text the reader was not shown.
 */
export function shownActions(assistant: boolean, withheld: boolean, regenerate: boolean, edit: boolean): ActionKey[] {
  return [!withheld && 'copyMarkdown', assistant && !withheld && 'copyText', regenerate && 'regenerate', edit && 'edit'].filter((key): key is ActionKey => !!key)
}

import type { Decorator } from '@storybook/react-vite'
import type { CSSProperties } from 'react'

/**
 * Room below a component for the popup it opens (the badge's popover, the picker's list), on the story's own page.
 * A Docs page shows the stories closed, one after another: there the room would only make the page long.
 */
export const roomBelow =
  (minHeight: number): Decorator =>
  (Story, { viewMode }) =>
    viewMode === 'docs' ? (
      <Story />
    ) : (
      <div style={{ minHeight }}>
        <Story />
      </div>
    )

/**
 * Popups that start open (`defaultOpen`) start closed on a Docs page: several open at once close each other, and the
 * last to open takes the focus, wherever it is on the page.
 */
export const closedOnDocs: Decorator = (Story, { viewMode, args }) => (viewMode === 'docs' ? <Story args={{ ...args, defaultOpen: false }} /> : <Story />)

/** The story in a box of the size the component has in an app: a message column, or a chat of a given height. */
export const inBox =
  (style: CSSProperties): Decorator =>
  (Story) => (
    <div style={style}>
      <Story />
    </div>
  )

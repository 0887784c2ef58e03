import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish } from './interaction.ts'
import { Markdown } from '../src/components/index.ts'
import { markdownAnswer } from './fixtures.ts'

const meta = {
  title: 'Components/Markdown',
  component: Markdown,
  args: { text: markdownAnswer },
  parameters: {
    docs: {
      note: 'The renderer StreamingMessage uses for assistant replies. A reply is the model\'s text: the Hostile Reply story shows what happens to HTML, scripts, unsafe links and images in it.',
    },
  },
  decorators: [inBox({ maxWidth: 640 })],
} satisfies Meta<typeof Markdown>

export default meta
type Story = StoryObj<typeof meta>

/** Headings, emphasis, lists, a link, a table and a highlighted code block with its copy button. */
export const Reply: Story = {
  play: inEnglish(async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByRole('heading', { name: 'How your message is protected' })).toBeVisible()
    await expect(canvas.getByRole('link', { name: 'the protocol' })).toHaveAttribute('rel', 'noopener noreferrer')
    await expect(canvas.getByRole('table')).toBeVisible()
    // A list of plain and task items: the plain ones keep their bullet, a task's box stands in for it.
    const items = [...canvasElement.querySelectorAll('.sealkit-md li')]
    await expect(items.map((li) => getComputedStyle(li).listStyleType)).toEqual(['disc', 'disc', 'none', 'none'])
    const [bullet, task] = [items[0]!.getBoundingClientRect(), items[2]!.querySelector('.sealkit-md__task')!.getBoundingClientRect()]
    // Hung before the text, on the side the line starts: the left, or the right under the Direction switch.
    if (getComputedStyle(items[0]!).direction === 'rtl') await expect(task.right).toBeGreaterThan(bullet.right)
    else await expect(task.left).toBeLessThan(bullet.left)
  }),
}

const hostile = [
  'Raw HTML is text: <img src=x onerror="document.title=\'owned\'"> and <script>document.title = "owned"</script>',
  '',
  '[A script link](javascript:document.title=%22owned%22) and [a mail link](mailto:security@example.com)',
  '',
  '![A tracking pixel](https://tracker.example.com/pixel.png)',
].join('\n')

/** A reply that tries HTML, a script link and a tracking image: all shown as data, the image only on request. */
export const HostileReply: Story = {
  args: { text: hostile },
  play: inEnglish(async ({ canvasElement, canvas }) => {
    await canvas.findByText(/Raw HTML is text:/)
    const md = canvasElement.querySelector('.sealkit-md')!
    // The tags are words on the page, not elements.
    await expect(md.querySelector('script, [onerror]')).toBeNull()
    await expect(md.textContent).toContain('<img src=x onerror=')
    // The javascript: link keeps its words and loses its address; mailto: stays a link.
    await expect(canvas.queryByRole('link', { name: 'A script link' })).toBeNull()
    await expect(canvas.getByText('A script link').closest('[data-href-blocked]')).toHaveAttribute('title', expect.stringMatching(/^Link removed/))
    await expect(canvas.getByRole('link', { name: 'a mail link' })).toHaveAttribute('href', 'mailto:security@example.com')
    // No request to the tracker until the reader asks for it.
    await expect(md.querySelector('img')).toBeNull()
    await expect(canvas.getByRole('button', { name: /^Load image from tracker\.example\.com · / })).toBeVisible()
    await expect(document.title).not.toBe('owned')
  }),
}

/** While a reply streams, its unfinished tail is closed for display (the bold here) and a cursor ends the text. */
export const Streaming: Story = {
  args: { text: 'The quote is **signed by the Quoting', streaming: true, cursor: true },
  play: inEnglish(async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.sealkit-md strong')).toHaveTextContent('signed by the Quoting'))
    await expect(canvasElement.querySelector('.sealkit-md')?.textContent).not.toContain('**')
  }),
}

// An image this Storybook serves itself, so the story asks nothing of the network.
const image = typeof location === 'undefined' ? 'https://example.com/favicon.svg' : new URL('./favicon.svg', location.href).href

/** The image loads only after a click on its placeholder, which names the host it comes from. */
export const ImageOnRequest: Story = {
  args: { text: `![The sealkit icon](${image})` },
  play: inEnglish(async ({ canvasElement, canvas }) => {
    await expect(canvasElement.querySelector('img')).toBeNull()
    await userEvent.click(await canvas.findByRole('button', { name: `Load image from ${new URL(image).host} · Image: The sealkit icon` }))
    await waitFor(() => expect(canvasElement.querySelector('img')).toHaveAttribute('src', image))
    await expect(canvasElement.querySelector('img')).toHaveAttribute('alt', 'The sealkit icon')
  }),
}

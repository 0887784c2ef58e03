import type { HastNode } from './highlight-loader.ts'

/**
 * A highlighted tree as it crosses from the highlighting worker: one `Uint32Array` of steps (transferred, not
 * copied) and the class names it uses, once each. The tree's text is the code itself, so the steps carry only
 * lengths. A 60 KB TypeScript block's tree (5,500 spans) took the main thread 12-23 ms to receive as objects;
 * as steps it is one buffer.
 */
export interface WireTree {
  steps: Uint32Array
  classes: string[]
}

// A step is `value << 2 | kind`: text of `value` characters, an element with class `classes[value]`, or the end of one.
const TEXT = 0
const OPEN = 1
const CLOSE = 2

/** The tree as steps; elements without classes keep an empty class name. */
export function encodeHast(nodes: readonly HastNode[]): WireTree {
  const steps: number[] = []
  const classes: string[] = []
  const index = new Map<string, number>()
  const walk = (list: readonly HastNode[]) => {
    for (const node of list) {
      if (node.type === 'text') {
        if (node.value !== '') steps.push((node.value.length << 2) | TEXT)
      } else if (node.type === 'element') {
        const className = node.properties?.className
        const name = Array.isArray(className) ? className.join(' ') : ''
        let at = index.get(name)
        if (at === undefined) index.set(name, (at = classes.push(name) - 1))
        steps.push((at << 2) | OPEN)
        walk(node.children)
        steps.push(CLOSE)
      }
    }
  }
  walk(nodes)
  return { steps: Uint32Array.from(steps), classes }
}

/**
 * How deep a decoded tree may nest: highlight.js's are a few levels deep (a sub-language's scopes within scopes);
 * rendering walks a tree recursively, and thousands of levels overflow the stack there.
 */
const MAX_DEPTH = 64

/**
 * The tree the steps describe over `code`, or undefined when they do not describe one (its text is not exactly
 * `code`, an element is left open or closed twice, a class is not a name it was given or not one `isClass` takes,
 * it nests deeper than highlight.js does): the block then stays plain.
 */
export function decodeHast(wire: WireTree, code: string, isClass: (name: string) => boolean): HastNode[] | undefined {
  const { steps, classes } = (wire ?? {}) as Partial<WireTree>
  if (!(steps instanceof Uint32Array) || !Array.isArray(classes) || !classes.every((c) => typeof c === 'string' && isClass(c))) return undefined
  const root: HastNode[] = []
  const open: Array<HastNode[]> = [root]
  let at = 0
  for (const step of steps) {
    const kind = step & 3
    const value = step >>> 2
    const into = open[open.length - 1]!
    if (kind === TEXT) {
      if (value === 0 || at + value > code.length) return undefined
      into.push({ type: 'text', value: code.slice(at, (at += value)) })
    } else if (kind === OPEN) {
      if (value >= classes.length || open.length > MAX_DEPTH) return undefined
      const children: HastNode[] = []
      into.push({ type: 'element', tagName: 'span', properties: classes[value] ? { className: classes[value].split(' ') } : {}, children })
      open.push(children)
    } else if (kind === CLOSE && value === 0 && open.length > 1) {
      open.pop()
    } else {
      return undefined
    }
  }
  return open.length === 1 && at === code.length ? root : undefined
}

// @ts-check
/**
 * TypeDoc plugin: members of a constant tagged `@catalog` (the i18n catalogs, `ERROR_CODES`) are
 * documented by their values. A catalog has hundreds of members whose value is what a reader needs
 * ("Show anyway", "Attestation nonce mismatch"); a comment above each would repeat it. A member
 * without its own TSDoc gets its value as its summary, so the API reference shows every string and
 * `validation.notDocumented` still fails on every other undocumented property.
 */
import { Application, Comment, Converter, ReflectionKind } from 'typedoc'
import ts from 'typescript'

/** @param {import('typedoc').Application} app */
export function load(app) {
  // `@catalog` is a modifier tag (no text); registered here so typedoc.json keeps TypeDoc's default tags.
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const tags = app.options.getValue('modifierTags')
    if (!tags.includes('@catalog')) app.options.setValue('modifierTags', [...tags, '@catalog'])
  })
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      if (reflection.hasComment()) continue
      const node = context.getSymbolFromReflection(reflection)?.declarations?.[0]
      if (!node || !ts.isPropertyAssignment(node) || !inCatalog(node)) continue
      reflection.comment = new Comment(summary(node.initializer))
    }
  })
}

/** @param {ts.Expression} node */
function unwrap(node) {
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression
  return node
}

/** True when the property sits, through object literals only, in a `const` whose TSDoc has `@catalog`. @param {ts.Node} node */
function inCatalog(node) {
  let at = node.parent
  while (at && (ts.isObjectLiteralExpression(at) || ts.isPropertyAssignment(at) || ts.isAsExpression(at) || ts.isSatisfiesExpression(at) || ts.isParenthesizedExpression(at))) at = at.parent
  return !!at && ts.isVariableDeclaration(at) && ts.getJSDocTags(at).some((tag) => tag.tagName.text === 'catalog')
}

/** @param {ts.Expression} initializer @returns {import('typedoc').CommentDisplayPart[]} */
function summary(initializer) {
  const value = unwrap(initializer)
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return [{ kind: 'text', text: `“${value.text}”` }]
  if (ts.isObjectLiteralExpression(value)) return [{ kind: 'text', text: 'A group of strings: see its members.' }]
  return [{ kind: 'code', text: '```ts\n' + value.getText() + '\n```' }]
}

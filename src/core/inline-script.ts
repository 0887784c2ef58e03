/**
 * What the scripts sealkit writes into a page's HTML share (`earlyVerifyWorkerScript`,
 * `earlyAttestationScript`): values as string literals that cannot end the `<script>` element, and a
 * body that never throws into the page (a page that cannot run it loads as it would without it).
 */

/** `value` as a JS string literal, safe inside an HTML `<script>` element: JSON, with `<` escaped so that no `</script>` in it ends the element. */
export const scriptLiteral = (value: string): string => JSON.stringify(value).replace(/</g, '\\u003c')

/**
 * A classic script (no `<script>` tags) that runs `body` in a function of its own and swallows what it throws.
 * It starts and ends with `;`, so that written in one `<script>` after or before other code (another of these, an
 * app's line with no semicolon) it is a statement of its own: without them its parentheses would call what the
 * code before returned, and all of it would fail.
 */
export const inlineScript = (body: string): string => `;(function(){try{${body}}catch(x){}})();`

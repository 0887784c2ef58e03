/** The compact privacy row of a message: its short facts (always shown) and their details (on hover, focus or tap). */
export const chip = (scope: Element, fact: string): Element | null => scope.querySelector(`.sealkit-privacy__row [data-fact="${fact}"]`)
export const detail = (scope: Element, fact: string): Element | null => scope.querySelector(`.sealkit-privacy__details [data-fact="${fact}"]`)

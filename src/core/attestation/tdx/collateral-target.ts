import { ApiError } from '../../errors.ts'
import type { TdxQuote } from './quote.ts'

// Which collateral a quote needs, apart from fetching it (collateral-http.ts): the main thread keys
// its collateral cache with these without loading the fetching code, which it loads on first use.

/** Which collateral a quote needs: its platform family (FMSPC, from the PCK certificate) and the CA that issued its PCK certificate. */
export interface CollateralTarget {
  /** The platform family's FMSPC, 6 bytes lowercase hex (from the PCK certificate). */
  fmspc: string
  /** Which Intel CA issued the PCK certificate: `processor` or `platform`; picks the PCK CRL. */
  ca: 'processor' | 'platform'
}

/**
 * The platform family a quote's collateral is for, from its PCK certificate.
 * @throws ApiError INVALID_ARGUMENT when the quote has no readable PCK certificate
 */
export function collateralTargetOf(quote: TdxQuote): CollateralTarget {
  if (!quote.pck) throw new ApiError('INVALID_ARGUMENT', { message: `Cannot fetch collateral: ${quote.pckError ?? 'the quote has no PCK certificate'}` })
  return { fmspc: quote.pck.fmspc, ca: pckCaOf(quote) }
}

/** The PCK certificate's issuer says which CA's CRL applies. */
export function pckCaOf(quote: TdxQuote): CollateralTarget['ca'] {
  return /processor/i.test(quote.pckChain[0]?.issuer.commonName ?? '') ? 'processor' : 'platform'
}

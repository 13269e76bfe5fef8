/**
 * A request that got no answer: refused, reset, timed out, a name that does not resolve, a
 * certificate that does not verify. Clients wrap it (Node's `fetch` throws `TypeError: fetch
 * failed` with the socket's error as its `cause`; Octokit wraps that again), so the words that say
 * what happened — `connect ECONNREFUSED 127.0.0.1:8080` — are a few causes down.
 */
import { causeChain } from '../errors.js';

/** Codes of Node's sockets, DNS, TLS and undici (the `fetch` in Node) for a request nobody answered. */
const NO_ANSWER = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * What the network said, when `thrown` or one of its causes is a request that got no answer:
 * the socket error's own words (`connect ECONNREFUSED 127.0.0.1:8080`); `null` otherwise.
 */
export function networkCauseOf(thrown: unknown): string | null {
  for (const error of causeChain(thrown)) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NO_ANSWER.has(code)) return wordsOf(error, code);
  }
  return null;
}

/** A refused `localhost` is refused on each of its addresses: an AggregateError with no message of its own. */
function wordsOf(error: Error, code: string): string {
  if (error.message !== '') return error.message;
  const inner = error instanceof AggregateError ? error.errors.filter((each): each is Error => each instanceof Error && each.message !== '') : [];
  return inner.length > 0 ? inner.map((each) => each.message).join('; ') : code;
}

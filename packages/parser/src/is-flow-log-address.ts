import ipaddr from 'ipaddr.js';

// The longest textual IPv6 address, with an embedded IPv4 tail, is 45 characters.
const MAX_ADDRESS_LENGTH = 45;

/**
 * True for an address in a form AWS writes: dotted four-part decimal IPv4
 * without leading zeros, or IPv6 text (RFC 4291/5952) without a zone id.
 * Shorthand IPv4 (`10.1`), octal or hex parts are refused, so no address is
 * ever read as a different one. The character and length screen runs first,
 * so ipaddr.js's regular expressions only ever see short, plain input.
 */
export function isFlowLogAddress(text: string): boolean {
  const length = text.length;
  if (length < 2 || length > MAX_ADDRESS_LENGTH) return false;
  let colon = false;
  let dot = false;
  let hexLetter = false;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) continue;
    if (code === 46) dot = true;
    else if (code === 58) colon = true;
    else if ((code >= 97 && code <= 102) || (code >= 65 && code <= 70)) hexLetter = true;
    else return false;
  }
  if (!colon) return dot && !hexLetter && ipaddr.IPv4.isValidFourPartDecimal(text);
  if (!ipaddr.IPv6.isValid(text)) return false;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) obeys the IPv4 rule too.
  return !dot || ipaddr.IPv4.isValidFourPartDecimal(text.slice(text.lastIndexOf(':') + 1));
}

// The one-click unsubscribe token: the email channel signs its List-Unsubscribe
// links with it and `publish serve` recomputes it to trust a request, so a URL
// from a received message works there. Both import it from here.
import { createHmac } from 'node:crypto';

/** The token an unsubscribe endpoint recomputes from the address to trust the request. */
export function unsubscribeToken(secret: string, address: string): string {
  return createHmac('sha256', secret).update(`unsubscribe\0${address.toLowerCase()}`).digest('base64url');
}

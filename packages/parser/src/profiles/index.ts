import { extended } from './extended';
import { standard } from './standard';

/** The profiles flowecs offers, by the name the `profile` option takes. */
export const profiles = Object.freeze({ standard, extended });

import { extended } from './extended';
import { ocsf } from './ocsf';
import { standard } from './standard';

/** The profiles flowecs offers, by the name the `profile` option takes. */
export const profiles = Object.freeze({ standard, extended, ocsf });

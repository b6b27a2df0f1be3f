// The other side of a package boundary: code that imports the emitted .d.ts of
// exports.ts and goes on building on what it exported. Compiled after the emit.
import { chain } from 'shallot';
import { text, type HttpContext } from 'shallot/http';
import { adminArea, app, base, long, overwritten, signedIn, site, syncApp } from './exports.js';

export const more = chain<HttpContext & { token: string }>().use(base).use(signedIn).use(adminArea).handle((req) => text(`${req.requestId} ${req.user.name}`));
export const again = chain<{ token: string; user: { name: string; admin: boolean } }>().use(adminArea).handle(() => text('ok'));
export const longer = long.handle((req) => text(String(req.a33)));
export const admin = overwritten.use(adminArea).handle((req) => text(req.user.name));
export const both = [app, syncApp] as const;
export const siteAgain = site;

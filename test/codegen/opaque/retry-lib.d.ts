import type { Middleware, Passed } from 'shallot';

export declare const retryOn403: () => Middleware<{ name: 'retryOn403'; needs: { log: string[] }; adds: {}; inner: Response; out: Passed<Response>; sync: false }>;

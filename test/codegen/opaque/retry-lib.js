// A layer from a package shipped as JavaScript with a declaration file: codegen
// sees only its type, so it calls the layer instead of inlining it. This one
// retries when the layers below answer 403: it calls next() a second time.
import { middleware } from 'shallot';

export const retryOn403 = () =>
  middleware('retryOn403', async (req, next) => {
    req.log.push('retry before');
    const first = await next();
    if (first.status !== 403) return first;
    req.log.push('retrying');
    return next();
  });

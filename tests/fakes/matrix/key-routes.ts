import type { Route } from "./routes.js";

const seg = "([^/]+)";

/** The end-to-end encryption endpoints of the fake: keys, cross-signing, signatures, to-device. */
export const keyRoutes: Route[] = [
  { method: "POST", pattern: /^\/keys\/upload$/, handle: (ctx) => ctx.state.keys.upload(ctx.session, ctx.body) },
  { method: "POST", pattern: /^\/keys\/query$/, handle: (ctx) => ctx.state.keys.query(ctx.body) },
  { method: "POST", pattern: /^\/keys\/claim$/, handle: (ctx) => ctx.state.keys.claim(ctx.body) },
  {
    method: "POST",
    pattern: /^\/keys\/device_signing\/upload$/,
    handle: (ctx) => ctx.state.keys.uploadCrossSigning(ctx.session, ctx.body),
  },
  { method: "POST", pattern: /^\/keys\/signatures\/upload$/, handle: (ctx) => ctx.state.keys.uploadSignatures(ctx.body) },
  {
    method: "PUT",
    pattern: new RegExp(`^/sendToDevice/${seg}/${seg}$`),
    handle: (ctx) => ctx.state.keys.sendToDevice(ctx.session, ctx.params[0]!, ctx.body),
  },
];

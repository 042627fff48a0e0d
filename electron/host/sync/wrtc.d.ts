// @roamhq/wrtc ships no types. Its shape is described in wrtc-types.ts and asserted once in
// node-wrtc.ts, so no other file depends on this untyped import.
declare module '@roamhq/wrtc' {
  const wrtc: unknown;
  export default wrtc;
}

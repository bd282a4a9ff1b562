/** JsSIP 3.13.8 modules that ship no typings; typed where they are used (out-of-dialog-request.ts). */
declare module 'jssip/lib/RequestSender' {
  const RequestSender: unknown;
  export default RequestSender;
}

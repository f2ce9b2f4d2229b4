/** Messages of the rides job (test tree only): offering a ride to a check-in. */
export const en = {
  "rides.cmd.offer": "Offer a ride to a check-in, from PLACE.",
  "param.rides.from": "FROM",
  "rides.arg.from": "The starting place",
  "rides.offered": "Ride #{num} offered from {from}. Thank you!",
  "rides.privacy.offers": "{count, plural, one {{count} ride offer} other {{count} ride offers}}",
  "rides.privacy.offers.kept": "deleted a day after it was made",
};

export const es: Record<keyof typeof en, string> = {
  "rides.cmd.offer": "Ofrecer un viaje a una cita de control, desde LUGAR.",
  "param.rides.from": "DESDE",
  "rides.arg.from": "El lugar de salida",
  "rides.offered": "Viaje #{num} ofrecido desde {from}. ¡Gracias!",
  "rides.privacy.offers": "{count, plural, one {{count} oferta de viaje} other {{count} ofertas de viaje}}",
  "rides.privacy.offers.kept": "se borra un día después de hacerla",
};

declare module "../../../../src/core/i18n/catalog.js" {
  interface JobMessageKeys extends Record<keyof typeof en, string> {}
}

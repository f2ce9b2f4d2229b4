/** Messages of the rides job (test tree only): offering a ride to a check-in. */
export const en = {
  "rides.cmd.offer": "Offer a ride to a check-in, from PLACE.",
  "param.rides.from": "FROM",
  "rides.arg.from": "The starting place",
  "rides.offered": "Ride #{num} offered from {from}. Thank you!",
  "rides.privacy.offers": "{count, plural, one {{count} ride offer} other {{count} ride offers}}",
  "rides.privacy.offers.kept": "deleted a day after it was made",
  "rides.full": "This network has {max, plural, one {{max} ride offer} other {{max} ride offers}} already, as many as it may have. Nothing was changed.",
  "privacy.retention.rides": "• ride offers: {days, plural, one {{days} day} other {{days} days}} after they are made",
  "privacy.audit.ride.offer": "offered a ride",
  "privacy.auditThing.ride": "ride #{num}",
};

export const es: Record<keyof typeof en, string> = {
  "rides.cmd.offer": "Ofrecer un viaje a una cita de control, desde LUGAR.",
  "param.rides.from": "DESDE",
  "rides.arg.from": "El lugar de salida",
  "rides.offered": "Viaje #{num} ofrecido desde {from}. ¡Gracias!",
  "rides.privacy.offers": "{count, plural, one {{count} oferta de viaje} other {{count} ofertas de viaje}}",
  "rides.privacy.offers.kept": "se borra un día después de hacerla",
  "rides.full": "Esta red ya tiene {max, plural, one {{max} oferta de viaje} other {{max} ofertas de viaje}}, todas las que puede tener. No se cambió nada.",
  "privacy.retention.rides": "• ofertas de viaje: {days, plural, one {{days} día} other {{days} días}} después de hacerlas",
  "privacy.audit.ride.offer": "ofreció un viaje",
  "privacy.auditThing.ride": "viaje #{num}",
};

declare module "../../../../src/core/i18n/catalog.js" {
  interface JobMessageKeys extends Record<keyof typeof en, string> {}
}

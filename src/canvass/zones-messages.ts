/** Messages of `porchlight zones import`: zones from a GeoJSON file, read with the canvass tooling. */
export const en = {
  "canvass.zones.done": "{network}: imported {added}.",
  "canvass.zones.count": "{count, plural, one {# zone} other {# zones}}",
  "canvass.zones.noNetwork": "There is no network {id}. /network info in a chat shows its id.",
  "canvass.zones.unreadable": "cannot be read as JSON",
  "canvass.zones.notFeatureCollection": "a GeoJSON file must be a FeatureCollection",
  "canvass.zones.notPolygon": "the geometry must be a Polygon",
  "canvass.zones.badPolygon": "not a polygon: at least 3 points as [[lon, lat], …]",
  "canvass.zones.noName": "the zone's name is missing (properties.name)",
  "canvass.zones.badName": "not a zone name: up to 30 letters, numbers, spaces, dots, dashes or apostrophes, and not a word that means every zone",
  "canvass.zones.duplicateName": "this zone name appears twice in the file",
  "canvass.zones.existingName": "the network already has a zone of this name",
  "canvass.zones.tooMany": "a network can have at most {max} zones",
  "canvass.zones.empty": "there are no zones in it",
} as const;

export const es: Record<keyof typeof en, string> = {
  "canvass.zones.done": "{network}: importé {added}.",
  "canvass.zones.count": "{count, plural, one {# zona} other {# zonas}}",
  "canvass.zones.noNetwork": "No hay ninguna red {id}. /red info en un chat muestra su id.",
  "canvass.zones.unreadable": "no se puede leer como JSON",
  "canvass.zones.notFeatureCollection": "un archivo GeoJSON debe ser una FeatureCollection",
  "canvass.zones.notPolygon": "la geometría debe ser un Polygon",
  "canvass.zones.badPolygon": "no es un polígono: al menos 3 puntos como [[lon, lat], …]",
  "canvass.zones.noName": "falta el nombre de la zona (properties.name)",
  "canvass.zones.badName": "no sirve como nombre de zona: hasta 30 letras, números, espacios, puntos, guiones o apóstrofos, y no una palabra que quiera decir todas las zonas",
  "canvass.zones.duplicateName": "este nombre de zona aparece dos veces en el archivo",
  "canvass.zones.existingName": "la red ya tiene una zona con este nombre",
  "canvass.zones.tooMany": "una red puede tener como máximo {max} zonas",
  "canvass.zones.empty": "no tiene zonas",
};

declare module "../core/i18n/catalog.js" {
  interface JobMessageKeys extends Record<keyof typeof en, string> {}
}

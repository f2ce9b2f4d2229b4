/** Messages of the canvass files: importing blocks (CSV, GeoJSON) and exporting the custody record, from the command line. */
export const en = {
  "canvass.import.done": "Canvass #{num}: imported {added}.",
  "canvass.import.line": "Line {index}, column {column}: {problem}",
  "canvass.import.feature": "Feature {index}, field {column}: {problem}",
  "canvass.import.file": "The file: {problem}",
  "canvass.import.unreadable": "cannot be read (check quotes and commas, or the JSON)",
  "canvass.import.noIdColumn": "the first line must name the columns: id,label,polygon",
  "canvass.import.emptyId": "the block id is missing",
  "canvass.import.badId": "not a block id (up to 16 letters, digits, - or _)",
  "canvass.import.duplicateId": "this block id appears twice in the file",
  "canvass.import.existingId": "this block id is already in the canvass",
  "canvass.import.labelTooLong": "the label is longer than 200 characters",
  "canvass.import.badPolygon": "not a polygon: give at least 3 points as “lon lat; lon lat; …” or [[lon, lat], …]",
  "canvass.import.notFeatureCollection": "a GeoJSON file must be a FeatureCollection",
  "canvass.import.notPolygon": "the geometry must be a Polygon",
  "canvass.import.tooMany": "a canvass can have at most 500 blocks",
  "canvass.import.empty": "there are no blocks in it",
  "canvass.import.nothingChanged": "Nothing was imported.",
  "canvass.cli.notFound": "There is no canvass {id}.",
  "canvass.cli.ambiguous": "Canvass {id} exists in several networks ({networks}); write NETWORK/NUMBER, e.g. {example}.",
  "canvass.export.done": "Wrote the custody record of canvass #{num} ({count, plural, one {{count} entry} other {{count} entries}}) to {csv} and {json}.",
} as const;

export const es: Record<keyof typeof en, string> = {
  "canvass.import.done": "Búsqueda de videos #{num}: importé {added}.",
  "canvass.import.line": "Línea {index}, columna {column}: {problem}",
  "canvass.import.feature": "Elemento {index}, campo {column}: {problem}",
  "canvass.import.file": "El archivo: {problem}",
  "canvass.import.unreadable": "no se puede leer (revisa comillas y comas, o el JSON)",
  "canvass.import.noIdColumn": "la primera línea debe nombrar las columnas: id,label,polygon",
  "canvass.import.emptyId": "falta el id de la cuadra",
  "canvass.import.badId": "no es un id de cuadra (hasta 16 letras, números, - o _)",
  "canvass.import.duplicateId": "este id de cuadra aparece dos veces en el archivo",
  "canvass.import.existingId": "este id de cuadra ya está en la búsqueda",
  "canvass.import.labelTooLong": "la etiqueta tiene más de 200 caracteres",
  "canvass.import.badPolygon": "no es un polígono: da al menos 3 puntos como “lon lat; lon lat; …” o [[lon, lat], …]",
  "canvass.import.notFeatureCollection": "un archivo GeoJSON debe ser una FeatureCollection",
  "canvass.import.notPolygon": "la geometría debe ser un Polygon",
  "canvass.import.tooMany": "una búsqueda de videos puede tener como máximo 500 cuadras",
  "canvass.import.empty": "no tiene cuadras",
  "canvass.import.nothingChanged": "No se importó nada.",
  "canvass.cli.notFound": "No hay búsqueda de videos {id}.",
  "canvass.cli.ambiguous": "La búsqueda {id} existe en varias redes ({networks}); escribe RED/NÚMERO, p. ej. {example}.",
  "canvass.export.done": "Escribí el registro de custodia de la búsqueda de videos #{num} ({count, plural, one {{count} entrada} other {{count} entradas}}) en {csv} y {json}.",
};

declare module "../core/i18n/catalog.js" {
  interface JobMessageKeys extends Record<keyof typeof en, string> {}
}

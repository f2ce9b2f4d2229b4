import { describe, expect, it } from "vitest";
import { coarsenPlace } from "../../src/alerts/place.js";

/**
 * The coarse area plain chats are told: every house, unit, lot and cross-street number goes, in
 * the forms people in Los Angeles type in English and Spanish (and those relatives abroad use).
 */
const TABLE: [string, string][] = [
  ["1420 Elm St", "Elm St"],
  ["1420 Elm St, apt 3", "Elm St"],
  ["1420-B Elm St", "Elm St"],
  ["1420B Elm St", "Elm St"],
  ["1420 1/2 Elm St", "Elm St"],
  ["Elm St/1420", "Elm St"],
  ["Elm St 1420, Boyle Heights", "Elm St, Boyle Heights"],
  ["１４２０ Elm St", "Elm St"],
  ["Apt 3B, 200 Oak Ave", "Oak Ave"],
  ["#12 Pine St", "Pine St"],
  ["1420 Elm St #12", "Elm St"],
  ["1420 Elm St Ste 200", "Elm St"],
  ["Unit 7, 300 W 5th St", "W 5th St"],
  ["Space 14, 2500 Valley Blvd", "Valley Blvd"],
  ["the 1400 block of Elm St", "Elm St"],
  ["Elm St & 5th", "Elm St"],
  ["Elm St and 5th St", "Elm St"],
  ["3rd St @ Main", "3rd St"],
  ["corner of Elm and 5th", "Elm"],
  ["Elm St between 4th and 5th", "Elm St"],
  ["Hwy 101 & Vermont", "Hwy 101"],
  ["I-5 near exit 135", "I-5"],
  ["Cesar E Chavez Ave 2000", "Cesar E Chavez Ave"],
  ["Elm St, 90033", "Elm St"],
  ["Calle 5 #12-34", "Calle 5"],
  ["Calle 5 # 12-34, Cali", "Calle 5, Cali"],
  ["Carrera 7 No. 45-10", "Carrera 7"],
  ["Calle 10 Nº 5-23, Bogotá", "Calle 10, Bogotá"],
  ["Calle 5 y 12", "Calle 5"],
  ["Calle 3 entre 4 y 5", "Calle 3"],
  ["Calle 60 #500 x 45 y 47", "Calle 60"],
  ["Av. Juárez esq. Madero", "Av Juárez"],
  ["Avenida 3 # 45", "Avenida 3"],
  ["Calle Lerdo 120 y Madero", "Calle Lerdo"],
  ["calle Olvera número 12", "calle Olvera"],
  ["Depto 4, Insurgentes Sur 1602", "Insurgentes Sur"],
  ["Insurgentes Sur 1602 int. 5B", "Insurgentes Sur"],
  ["Manzana 4 Lote 12, Colonia Centro", "Colonia Centro"],
  ["Calle Ocampo 45 piso 2, Centro", "Calle Ocampo, Centro"],
  ["esquina de Soto y Cesar Chavez", "Soto"],
  ["5ta Avenida 300", "5ta Avenida"],
];

describe("coarse areas drop every number that points at a house", () => {
  it.each(TABLE)("%s → %s", (place, coarse) => {
    expect(coarsenPlace(place)).toBe(coarse);
  });

  it("covers at least 30 formats and never keeps a house number from any of them", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    for (const [place] of TABLE) {
      for (const n of ["1420", "200", "300", "12", "34", "45-10", "5-23", "1602", "2000", "2500", "14", "120", "500"]) {
        const own = place.normalize("NFKC").includes(n);
        if (own && !/^(?:Calle|Carrera|Avenida|Hwy)/i.test(place)) expect(coarsenPlace(place)).not.toContain(n);
      }
    }
  });
});

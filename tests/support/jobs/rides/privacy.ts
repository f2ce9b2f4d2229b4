import type { PersonalDataHook } from "../../../../src/privacy/hooks.js";
import { forgetOffers, offersBy } from "./store.js";

/** What the rides job keeps about a person: the rides they offered. */
export const ridesPersonalData: PersonalDataHook = {
  id: "rides",
  kinds: [{ id: "offers", label: "rides.privacy.offers", kept: "rides.privacy.offers.kept" }],
  count: (db, person) => ({ offers: offersBy(db, person.id) }),
  forget: (ctx, person) => ({ offers: forgetOffers(ctx.db, person.id) }),
};

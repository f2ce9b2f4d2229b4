import { alertsPersonalData } from "../alerts/privacy.js";
import { canvassPersonalData } from "../canvass/privacy.js";
import { corePersonalData } from "./core-data.js";
import type { PersonalDataHook } from "./hooks.js";
import { shiftsPersonalData } from "./shifts-data.js";

/**
 * Every job's personal-data hook, in the order `/forgetme` runs them. The core's comes last: it
 * deletes the persons row the jobs' records point to. A new job adds its hook before it.
 */
export const personalDataHooks: readonly PersonalDataHook[] = [shiftsPersonalData, canvassPersonalData, alertsPersonalData, corePersonalData];

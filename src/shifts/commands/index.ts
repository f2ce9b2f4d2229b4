import { myShifts } from "./my-shifts.js";
import { shiftsCommand } from "./list.js";
import { shiftCancel, shiftRepeat } from "./manage.js";
import { shiftNew } from "./new.js";
import { onCall } from "./oncall.js";
import { checkin, roster } from "./roster.js";
import { signup, withdraw } from "./signup.js";

export { bindShiftNew, shiftNew } from "./new.js";
export { shiftsCommand } from "./list.js";
export { shiftCancel, shiftRepeat } from "./manage.js";
export { onCall } from "./oncall.js";
export { checkin, roster } from "./roster.js";
export { signup, withdraw } from "./signup.js";

/** Every shift command, in help order, but `/shift pick`, which is in ./pick.ts (it re-runs `/shift new`). */
export const shiftCommands = [shiftNew, shiftsCommand, myShifts, shiftCancel, shiftRepeat, signup, withdraw, roster, checkin, onCall];

import { alertAdd } from "./details.js";
import { alertGoing } from "./dispatch.js";
import { alertAllClear, alertStatus, alertUpdate } from "./manage.js";
import { networkKey, networkQuorum, networkVerifiers } from "./network-commands.js";
import { alertReport } from "./report.js";
import { alertsOff, alertsOn } from "./subscribe.js";
import { alertVerify } from "./verify-command.js";
import { alertZone } from "./zone-question.js";
import { alertConfirm, alertReject, alertUnsure } from "./votes.js";

/** Every command of the verified alerts job, in help order. */
export const alertCommands = [
  alertReport,
  alertAdd,
  alertGoing,
  alertConfirm,
  alertReject,
  alertUnsure,
  alertUpdate,
  alertAllClear,
  alertStatus,
  alertVerify,
  alertsOn,
  alertsOff,
];

/** What the alerts job adds to the core's `/network` and `/zone` groups. */
export const alertNetworkCommands = [networkVerifiers, networkQuorum, networkKey, alertZone];

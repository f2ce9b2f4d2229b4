import type { AnyCommand } from "../../core/commands/registry.js";
import { canvassCommands } from "./canvass.js";
import { claimCommands } from "./claims.js";
import { footageCommands } from "./footage.js";
import { report } from "./report.js";

/** Every command of the footage canvass job, in help order. */
export const allCanvassCommands: AnyCommand[] = [...canvassCommands, ...claimCommands, report, ...footageCommands];

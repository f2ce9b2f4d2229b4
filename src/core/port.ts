/**
 * The adapter contract: the only surface between the platform-neutral core and a chat platform.
 * No SDK type crosses it; everything here is plain, serialisable data.
 *
 * Its declarations live in `src/core/port/`, one area a file; this module gathers them, and it is
 * the only module of the core that adapters import.
 */

export * from "./port/refs.js";
export * from "./port/inbound.js";
export * from "./port/outbound.js";
export * from "./port/capabilities.js";
export * from "./port/pacing.js";
export * from "./port/menu.js";
export * from "./port/adapter.js";
export * from "./port/errors.js";

import { tempDir } from "../tests/support/app.js";
import { residentAfterLoad } from "./core.js";

/** Child process of `npm run bench`: prints one JSON line with resident memory figures. */
const tmp = tempDir("porchlight-mem-");
try {
  const result = await residentAfterLoad(tmp.dir, 10_000, 500);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  tmp.cleanup();
}

'use strict';
// `require('flowstress')` lands here (the "require" condition of package.json "exports"). flowstress is an
// ES module only; say so with a numbered error instead of Node's "No exports main defined" or a syntax error.
// The text is FS350 in src/core/errors.ts (a test keeps the two equal).
const error = new Error(
  'FS350: flowstress is an ES module and cannot be loaded with require(): load it with import (in an ES module or a bundled app), or with await import("flowstress") from CommonJS; in Jest, run the tests as ES modules or transform flowstress.',
);
error.code = 'FS350';
throw error;

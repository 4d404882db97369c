// A worker whose script fails while starting (a bad deploy, a syntax error, a missing import): the pool must
// report FS250 and stop spawning instead of retrying forever.
throw new Error('injected start-up failure');

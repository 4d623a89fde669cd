// Types for importing seedrandom's Alea generator alone: the package's main
// module also loads five other generators and node:crypto, which a training
// worker never uses (it costs ~10 ms of every worker's start).
declare module 'seedrandom/lib/alea.js' {
  import seedrandom = require('seedrandom');
  const alea: seedrandom['alea'];
  export = alea;
}

import { chainHead, readAnchors, verifyAuditChain, writeAnchor } from '../../audit/index.ts';
import { type Command, stringOption } from '../command.ts';
import { auditAnchorFile, openCommandDatabase } from '../open-database.ts';
import { startProgress } from '../progress.ts';

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  usage: `Usage: kindred audit verify [--data-dir DIR] [--anchors FILE]

Walks the audit log in order, recomputes every event's hash, checks each event follows the one
before it, and compares the chain with the heads anchored in FILE (default: audit-anchors.log in
the data directory, or KINDRED_AUDIT_ANCHOR_FILE). Reports the first broken link.
When the chain is sound, anchors its current head.

Exit codes: 0 the log is intact; 1 the log was changed (the first broken event is named); 2 usage.

  --data-dir DIR   the embedded database's directory (default ./data, or KINDRED_DATA_DIR)
  --anchors FILE   the anchor file to compare with`,
  options: { 'data-dir': { type: 'string' }, anchors: { type: 'string' } },
  async run(parsed) {
    const dataDirectory = stringOption(parsed, 'data-dir');
    const anchorsPath = stringOption(parsed, 'anchors') ?? auditAnchorFile(dataDirectory);
    const db = await openCommandDatabase(dataDirectory);
    try {
      const anchors = readAnchors(anchorsPath);
      const progress = startProgress('Verifying audit events', undefined);
      const result = await db.asOwner((sql) =>
        verifyAuditChain(sql, anchors, (events) => progress.set(events)),
      );
      progress.finish(`Checked ${result.events.toLocaleString('en-GB')} audit events.`);
      if (!result.ok) {
        console.error(`The audit log is broken at event ${result.brokenAt}: ${result.reason}.`);
        return 1;
      }
      writeAnchor(anchorsPath, await db.asOwner(chainHead));
      console.log(
        result.head
          ? `The audit log is intact: ${result.events} events, head ${result.head.seq} ${result.head.hash}; ${result.anchorsChecked} of ${anchors.length} anchors matched.`
          : 'The audit log is empty.',
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

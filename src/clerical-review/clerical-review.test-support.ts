/** A council whose linkage model is fixed by hand, and an extract with a pair the model is unsure of. */
import { firstExtract } from '../casework/casework.test-support.ts';
import type { Database } from '../db/index.ts';
import type { UploadScene } from '../ingest/upload.test-support.ts';
import { handTrainedModel } from '../linkage/linkage-fixtures.test-support.ts';
import { importLinkageModel } from '../linkage-models/index.ts';

/**
 * The Adams and Brown families, and Amy Adams again (A9) at another address with no date of birth: the model
 * puts that pair just under the threshold, so it goes to review.
 */
export const reviewExtract = [...firstExtract, 'A9,Amy,Adams,,F,9 Hill Road,Easttown,NS3 1ZZ,,,,,,'];

/** As `reviewExtract`, and Dan Brown again (B9) elsewhere with no date of birth: a second uncertain pair. */
export const twoPairsExtract = [...reviewExtract, 'B9,Dan,Brown,,M,5 Far Lane,Westtown,NS4 2EF,,,,,,'];

/** Keeps a hand-trained model as the council's, so runs weigh pairs the same way whatever the data. */
export async function keepHandTrainedModel(
  db: Database,
  scene: Pick<UploadScene, 'coordinator'>,
): Promise<void> {
  await db.asActor(scene.coordinator.actor, (sql) =>
    importLinkageModel(sql, handTrainedModel(), 'for the tests'),
  );
}

// An outbox row's attachments are references to stored documents, resolved when the message is sent: a
// bulletin's PDF is stored once, with the bulletin, not copied into each recipient's row.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../db/connect';
import { issuedDocument } from '../../db/queries/bulletins';
import type { MailAttachment } from '../../db/schema';

export async function attachmentsOf(
  db: Db,
  attachments: MailAttachment[],
): Promise<Array<{ filename: string; contentType: string; content: Buffer }>> {
  return Promise.all(
    attachments.map(async (a) => {
      const { planYear, number, format } = a.bulletin;
      const content = await issuedDocument(db, planYear, number, format);
      // Mail refers only to issued bulletins, whose documents are frozen: a missing one is a bug, not a blip.
      if (!content)
        throw ApplicationFailure.nonRetryable(
          `attachment ${a.filename}: bulletin ${planYear}-${number} has no issued ${format}`,
          'AttachmentMissing',
        );
      return { filename: a.filename, contentType: a.contentType, content };
    }),
  );
}

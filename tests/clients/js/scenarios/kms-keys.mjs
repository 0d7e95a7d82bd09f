// @aws-sdk/client-kms against Coffer's key service, the way an application manages its own keys
// and envelope-encrypts with them (KMS JSON protocol on the S3 endpoint, SigV4 service "kms").
//
// 1. CreateKey with a Description, DescribeKey by id, ARN and alias.
// 2. Aliases: CreateAlias, ListAliases, UpdateAlias to a second key, DeleteAlias (then the alias is
//    NotFoundException).
// 3. GenerateDataKey: a 32-byte plaintext whose CiphertextBlob Decrypts back to it.
// 4. Encrypt with an EncryptionContext: Decrypt with the same context gives the plaintext back;
//    a wrong context, or none, is InvalidCiphertextException.
// 5. ReEncrypt to the second key: the ciphertext now opens under that key, with its own context.
// 6. DisableKey: GenerateDataKey is DisabledException; EnableKey makes it work again.
// 7. EnableKeyRotation / GetKeyRotationStatus.
// 8. ScheduleKeyDeletion (7 days): DescribeKey shows PendingDeletion and the DeletionDate, the key
//    refuses use (KMSInvalidStateException); CancelKeyDeletion leaves it Disabled, as KMS does.
// Each refusal is reported with the error's name and HTTP status, for the xunit side to check.
import { randomBytes } from "node:crypto";
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-kms";
import { expectBytes, expectEqual, expectFailure, Mismatch } from "../lib/checks.mjs";
import { createKmsClient } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

const DAY = 24 * 60 * 60 * 1000;

await runScenario("kms-keys", async (env) => {
  const kms = createKmsClient(env);
  const refusals = {};
  const refuse = async (name, action) => {
    const error = await expectFailure(action, `${name} fails`);
    refusals[name] = { name: error.name, status: error.$metadata?.httpStatusCode ?? null };
    return refusals[name];
  };

  // 1. Two keys: the application's own, and the one its data moves to.
  const description = `invoices of tenant acme (${randomBytes(4).toString("hex")})`;
  const { KeyMetadata: created } = await kms.send(new CreateKeyCommand({ Description: description }));
  expectEqual(
    { description: created.Description, enabled: created.Enabled, state: created.KeyState, usage: created.KeyUsage, spec: created.KeySpec, manager: created.KeyManager },
    { description, enabled: true, state: "Enabled", usage: "ENCRYPT_DECRYPT", spec: "SYMMETRIC_DEFAULT", manager: "CUSTOMER" },
    "CreateKey KeyMetadata");
  expectEqual(created.Arn, `arn:aws:kms:${env.region}:${created.AWSAccountId}:key/${created.KeyId}`, "CreateKey Arn");
  const { KeyMetadata: second } = await kms.send(new CreateKeyCommand({ Description: "archive key" }));

  for (const [how, KeyId] of [["id", created.KeyId], ["ARN", created.Arn]]) {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
    expectEqual([KeyMetadata.KeyId, KeyMetadata.Arn, KeyMetadata.Description], [created.KeyId, created.Arn, description], `DescribeKey by ${how}`);
  }

  // 2. Aliases.
  const alias = `alias/acme-invoices-${randomBytes(4).toString("hex")}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyId }));
  expectEqual(await aliasTarget(kms, alias), created.KeyId, "ListAliases: the alias's TargetKeyId");
  const byAlias = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
  expectEqual(byAlias.KeyMetadata.Arn, created.Arn, "DescribeKey by alias");
  await refuse("CreateAliasTwice", () => kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: second.KeyId })));

  await kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: second.KeyId }));
  expectEqual(await aliasTarget(kms, alias), second.KeyId, "ListAliases after UpdateAlias: TargetKeyId");
  const movedAlias = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
  expectEqual(movedAlias.KeyMetadata.Arn, second.Arn, "DescribeKey by alias after UpdateAlias");

  await kms.send(new DeleteAliasCommand({ AliasName: alias }));
  expectEqual(await aliasTarget(kms, alias), undefined, "ListAliases after DeleteAlias");
  await refuse("DescribeDeletedAlias", () => kms.send(new DescribeKeyCommand({ KeyId: alias })));

  // Alias for the rest: the first key, as an application names it in its configuration.
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyId }));

  // 3. Envelope encryption: a data key, and its wrapped copy that only the key service opens.
  const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: alias, KeySpec: "AES_256" }));
  expectEqual(dataKey.Plaintext?.length, 32, "GenerateDataKey Plaintext length");
  expectEqual(dataKey.KeyId, created.Arn, "GenerateDataKey KeyId");
  expectEqual(Buffer.from(dataKey.CiphertextBlob).includes(Buffer.from(dataKey.Plaintext)), false, "the CiphertextBlob does not carry the plaintext");
  const unwrapped = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
  expectBytes(unwrapped.Plaintext, Buffer.from(dataKey.Plaintext), "Decrypt of the data key's CiphertextBlob");
  expectEqual(unwrapped.KeyId, created.Arn, "Decrypt KeyId");

  // 4. Encrypt and Decrypt with an encryption context, which must come back exactly.
  const secret = Buffer.from("IBAN DE89 3704 0044 0532 0130 00; card 4111 1111 1111 1111");
  const context = { tenant: "acme", purpose: "invoices" };
  const encrypted = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: secret, EncryptionContext: context }));
  expectEqual(encrypted.KeyId, created.Arn, "Encrypt KeyId");
  expectEqual(Buffer.from(encrypted.CiphertextBlob).includes(secret), false, "the CiphertextBlob does not carry the plaintext");
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }));
  expectBytes(decrypted.Plaintext, secret, "Decrypt with the same EncryptionContext");
  await refuse("DecryptWrongContext", () =>
    kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { tenant: "globex", purpose: "invoices" } })));
  await refuse("DecryptWithoutContext", () => kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })));

  // 5. ReEncrypt moves the ciphertext to the second key without the plaintext leaving the service.
  const archiveContext = { tenant: "acme", purpose: "archive" };
  const moved = await kms.send(new ReEncryptCommand({
    CiphertextBlob: encrypted.CiphertextBlob,
    SourceEncryptionContext: context,
    DestinationKeyId: second.KeyId,
    DestinationEncryptionContext: archiveContext,
  }));
  expectEqual([moved.SourceKeyId, moved.KeyId], [created.Arn, second.Arn], "ReEncrypt SourceKeyId and KeyId");
  const reopened = await kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: archiveContext }));
  expectBytes(reopened.Plaintext, secret, "Decrypt of the re-encrypted ciphertext");
  expectEqual(reopened.KeyId, second.Arn, "Decrypt of the re-encrypted ciphertext: KeyId");
  await refuse("DecryptReEncryptedWithOldContext", () => kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: context })));

  // 6. A disabled key refuses to make data keys, and works again once enabled.
  await kms.send(new DisableKeyCommand({ KeyId: created.KeyId }));
  const disabled = await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
  expectEqual([disabled.KeyMetadata.Enabled, disabled.KeyMetadata.KeyState], [false, "Disabled"], "DescribeKey of the disabled key");
  await refuse("GenerateDataKeyDisabled", () => kms.send(new GenerateDataKeyCommand({ KeyId: alias, KeySpec: "AES_256" })));
  await refuse("DecryptDisabled", () => kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context })));
  await kms.send(new EnableKeyCommand({ KeyId: created.KeyId }));
  const again = await kms.send(new GenerateDataKeyCommand({ KeyId: alias, NumberOfBytes: 32 }));
  expectEqual(again.Plaintext?.length, 32, "GenerateDataKey after EnableKey: Plaintext length");

  // 7. Rotation.
  const before = await kms.send(new GetKeyRotationStatusCommand({ KeyId: created.KeyId }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: created.KeyId }));
  const after = await kms.send(new GetKeyRotationStatusCommand({ KeyId: created.KeyId }));
  expectEqual([before.KeyRotationEnabled, after.KeyRotationEnabled], [false, true], "GetKeyRotationStatus before and after EnableKeyRotation");

  // 8. Deletion is scheduled, not immediate, and can be called off.
  const scheduledAt = Date.now();
  const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: created.KeyId, PendingWindowInDays: 7 }));
  expectEqual([scheduled.KeyId, scheduled.KeyState, scheduled.PendingWindowInDays], [created.Arn, "PendingDeletion", 7], "ScheduleKeyDeletion");
  const pending = (await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }))).KeyMetadata;
  expectEqual([pending.Enabled, pending.KeyState], [false, "PendingDeletion"], "DescribeKey of the key pending deletion");
  if (!(pending.DeletionDate instanceof Date)) {
    throw new Mismatch("DescribeKey DeletionDate", "a date", pending.DeletionDate);
  }
  const daysAhead = (pending.DeletionDate.getTime() - scheduledAt) / DAY;
  if (daysAhead < 6.9 || daysAhead > 7.1) {
    throw new Mismatch("DescribeKey DeletionDate, in days from now", 7, daysAhead);
  }
  await refuse("EncryptPendingDeletion", () => kms.send(new EncryptCommand({ KeyId: alias, Plaintext: secret })));
  await refuse("ScheduleKeyDeletionTwice", () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: created.KeyId, PendingWindowInDays: 7 })));

  const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: created.KeyId }));
  expectEqual(cancelled.KeyId, created.Arn, "CancelKeyDeletion KeyId");
  const kept = (await kms.send(new DescribeKeyCommand({ KeyId: created.KeyId }))).KeyMetadata;
  expectEqual([kept.Enabled, kept.KeyState, kept.DeletionDate], [false, "Disabled", undefined], "DescribeKey after CancelKeyDeletion");
  await kms.send(new EnableKeyCommand({ KeyId: created.KeyId }));
  const last = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }));
  expectBytes(last.Plaintext, secret, "Decrypt after the deletion was cancelled and the key enabled");

  // 9. Unknown keys.
  await refuse("DescribeUnknownKey", () => kms.send(new DescribeKeyCommand({ KeyId: "5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11" })));

  return {
    keyArn: created.Arn,
    secondKeyArn: second.Arn,
    alias,
    description,
    deletionDate: pending.DeletionDate.toISOString(),
    refusals,
  };
});

// The key an alias names, as ListAliases gives it (every page); undefined when there is no such alias.
async function aliasTarget(kms, name) {
  let Marker;
  do {
    const page = await kms.send(new ListAliasesCommand({ Marker }));
    const found = (page.Aliases ?? []).find((entry) => entry.AliasName === name);
    if (found) {
      return found.TargetKeyId;
    }
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return undefined;
}

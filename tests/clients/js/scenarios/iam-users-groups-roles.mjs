// @aws-sdk/client-iam with its defaults against Coffer's endpoint: users and keys, inline and
// managed policies, groups, roles, paging with the SDK's paginator, and IAM's errors as the SDK
// names them. COFFER_BUCKET is only a unique suffix for names here.
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteGroupCommand, DeletePolicyCommand, DeleteRoleCommand,
  DeleteUserCommand, DeleteUserPolicyCommand, DetachUserPolicyCommand, GetGroupCommand, GetRoleCommand, GetUserCommand,
  GetUserPolicyCommand, IAMClient, ListAttachedUserPoliciesCommand, ListUserPoliciesCommand, PutUserPolicyCommand,
  RemoveUserFromGroupCommand, paginateListUsers,
} from "@aws-sdk/client-iam";
import { expectEqual, expectFailure } from "../lib/checks.mjs";
import { runScenario } from "../lib/scenario.mjs";

const readPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
});
const trustPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
});

await runScenario("iam-users-groups-roles", async (env) => {
  const iam = new IAMClient({
    endpoint: env.endpoint,
    region: env.region,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
  });
  const suffix = env.bucket;
  const path = `/js-${suffix}/`;
  const names = ["c", "a", "B"].map((n) => `${n}-${suffix}`);

  // 1. Users, listed page by page in IAM's case-insensitive name order.
  for (const UserName of names) {
    const created = await iam.send(new CreateUserCommand({ UserName, Path: path }));
    expectEqual(created.User.Path, path, "CreateUser Path");
    expectEqual(created.User.CreateDate instanceof Date, true, "CreateUser CreateDate is a date");
  }
  const pagedUsers = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 1 }, { PathPrefix: path })) {
    pagedUsers.push(...page.Users.map((u) => u.UserName));
  }

  // 2. A key, shown once; an inline policy, read back decoded.
  const [alice] = names;
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: alice }));
  expectEqual(key.AccessKey.SecretAccessKey.length, 40, "CreateAccessKey SecretAccessKey length");
  await iam.send(new PutUserPolicyCommand({ UserName: alice, PolicyName: "read", PolicyDocument: readPolicy }));
  const inline = await iam.send(new GetUserPolicyCommand({ UserName: alice, PolicyName: "read" }));
  expectEqual(JSON.parse(decodeURIComponent(inline.PolicyDocument)), JSON.parse(readPolicy), "GetUserPolicy document");
  expectEqual((await iam.send(new ListUserPoliciesCommand({ UserName: alice }))).PolicyNames, ["read"], "ListUserPolicies");

  // 3. A managed policy attached and listed.
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: `p-${suffix}`, PolicyDocument: readPolicy }));
  await iam.send(new AttachUserPolicyCommand({ UserName: alice, PolicyArn: policy.Policy.Arn }));
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: alice }));
  expectEqual(attached.AttachedPolicies.map((p) => p.PolicyArn), [policy.Policy.Arn], "ListAttachedUserPolicies");

  // 4. A group with a member.
  const GroupName = `g-${suffix}`;
  await iam.send(new CreateGroupCommand({ GroupName }));
  await iam.send(new AddUserToGroupCommand({ GroupName, UserName: alice }));
  const group = await iam.send(new GetGroupCommand({ GroupName }));
  expectEqual(group.Users.map((u) => u.UserName), [alice], "GetGroup Users");

  // 5. A role with its trust policy.
  const RoleName = `r-${suffix}`;
  await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trustPolicy, MaxSessionDuration: 3600 }));
  const role = await iam.send(new GetRoleCommand({ RoleName }));
  expectEqual(JSON.parse(decodeURIComponent(role.Role.AssumeRolePolicyDocument)), JSON.parse(trustPolicy), "GetRole trust policy");

  // 6. Errors, as the SDK's exception classes.
  const missing = await expectFailure(() => iam.send(new GetUserCommand({ UserName: `nobody-${suffix}` })), "GetUser of nobody");
  const duplicate = await expectFailure(() => iam.send(new CreateUserCommand({ UserName: alice })), "CreateUser twice");
  const malformed = await expectFailure(
    () => iam.send(new PutUserPolicyCommand({ UserName: alice, PolicyName: "bad", PolicyDocument: "{}" })),
    "PutUserPolicy of {}");

  // 7. Everything goes again, dependents first.
  await iam.send(new DeleteRoleCommand({ RoleName }));
  await iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName: alice }));
  await iam.send(new DeleteGroupCommand({ GroupName }));
  await iam.send(new DetachUserPolicyCommand({ UserName: alice, PolicyArn: policy.Policy.Arn }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Policy.Arn }));
  await iam.send(new DeleteUserPolicyCommand({ UserName: alice, PolicyName: "read" }));
  await iam.send(new DeleteAccessKeyCommand({ UserName: alice, AccessKeyId: key.AccessKey.AccessKeyId }));
  for (const UserName of names) {
    await iam.send(new DeleteUserCommand({ UserName }));
  }

  return {
    pagedUsers,
    missingUserError: missing.name,
    missingUserStatus: missing.$metadata?.httpStatusCode,
    duplicateError: duplicate.name,
    malformedError: malformed.name,
  };
});

using System.Xml;

using Coffer.Engine.Identity;
using Coffer.Iam.Query;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Users;

/// <summary>
/// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. Without UserName they act on
/// the calling user's own keys. The secret appears in CreateAccessKey's answer and nowhere else.
/// </summary>
internal static class AccessKeyActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreateAccessKey", CallerOrNamedUser, async call =>
        {
            var created = await call.Services.Users.CreateAccessKeyAsync(call.UserNameOrCaller(), call.CancellationToken);
            return xml =>
            {
                xml.WriteStartElement("AccessKey");
                xml.WriteElementString("UserName", created.Key.UserName);
                xml.WriteElementString("AccessKeyId", created.Key.AccessKeyId);
                xml.WriteElementString("Status", StatusOf(created.Key));
                xml.WriteElementString("SecretAccessKey", created.SecretAccessKey);
                xml.WriteElementString("CreateDate", QueryXml.Timestamp(created.Key.Created));
                xml.WriteEndElement();
            };
        }),
        new("ListAccessKeys", CallerOrNamedUser, async call =>
        {
            var userName = call.UserNameOrCaller();
            var page = await call.Services.Users.ListAccessKeysAsync(userName, call.Page(), call.CancellationToken);
            return xml =>
            {
                xml.WriteElementString("UserName", userName);
                IamXml.WritePage(xml, "AccessKeyMetadata", page, WriteMetadata);
            };
        }),
        new("UpdateAccessKey", CallerOrNamedUser, async call =>
        {
            await call.Services.Users.UpdateAccessKeyAsync(
                call.UserNameOrCaller(), call.Parameters.Required("AccessKeyId"), call.Parameters.Required("Status"), call.CancellationToken);
            return null;
        }),
        new("DeleteAccessKey", CallerOrNamedUser, async call =>
        {
            await call.Services.Users.DeleteAccessKeyAsync(call.UserNameOrCaller(), call.Parameters.Required("AccessKeyId"), call.CancellationToken);
            return null;
        }),
    ];

    private static Task<string> CallerOrNamedUser(IamCall call) =>
        call.Services.ArnOfAsync(PrincipalKind.User, call.UserNameOrCaller(), null, call.CancellationToken);

    private static void WriteMetadata(XmlWriter xml, StoredAccessKey key)
    {
        xml.WriteStartElement("member");
        xml.WriteElementString("UserName", key.UserName);
        xml.WriteElementString("AccessKeyId", key.AccessKeyId);
        xml.WriteElementString("Status", StatusOf(key));
        xml.WriteElementString("CreateDate", QueryXml.Timestamp(key.Created));
        xml.WriteEndElement();
    }

    private static string StatusOf(StoredAccessKey key) => key.Active ? "Active" : "Inactive";
}

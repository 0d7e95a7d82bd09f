using Coffer.Access.Principals;

namespace Coffer.Access.Requests;

/// <summary>One authorization question: may <see cref="Principal"/> do <see cref="Action"/> to
/// <see cref="Resource"/>, given <see cref="Context"/>?</summary>
/// <param name="Action">For example <c>s3:GetObject</c>; matched case-insensitively.</param>
/// <param name="Resource">
/// The ARN acted on: <c>arn:aws:s3:::bucket</c> for bucket operations, <c>arn:aws:s3:::bucket/key</c>
/// for object operations (the key as stored, not URL-encoded), and <c>arn:aws:s3:::*</c> for
/// operations on no bucket such as ListBuckets, which <c>"*"</c> and <c>"arn:aws:s3:::*"</c> match.
/// </param>
public sealed record AccessRequest(string Action, string Resource, RequestPrincipal Principal, RequestContext Context);

using Coffer.S3.Errors;
using Coffer.S3.Routing;

namespace Coffer.EndToEnd.Tests.Model;

/// <summary>
/// Every operation of AWS's S3 model, sent as a client sends it, routes to the operation of the
/// same name, or to a 501 that names it; never to another operation (a CreateSession answered as
/// a ListObjects, a RenameObject written as an empty PutObject).
/// </summary>
public class ModelRoutingTests
{
    private static readonly S3Router Router = new(["localhost"]);

    [Fact]
    public async Task Route_EveryModelOperationAsSdksSendIt_IsThatOperationOrItsNotImplemented()
    {
        var model = await S3Model.GetAsync();

        var wrong = model.Operations
            .Select(operation => (operation.Name, Routed: RoutedName(operation.Request(withOperationId: true))))
            .Where(row => row.Routed != row.Name)
            .Select(row => $"{row.Name} -> {row.Routed}")
            .ToList();

        Assert.True(model.Operations.Count > 100, $"the model has only {model.Operations.Count} operations");
        Assert.True(wrong.Count == 0, $"routed to another operation ({model.Package} {model.Version}):\n{string.Join('\n', wrong)}");
    }

    /// <summary>
    /// Older clients (the aws CLI and boto3 of Debian, say) send no x-id. Without it two
    /// operations may send the very same request (ListBuckets and ListDirectoryBuckets); those are
    /// left out, as no server could tell them apart. Every other one must still route right.
    /// </summary>
    [Fact]
    public async Task Route_EveryModelOperationWithoutOperationId_IsThatOperationOrItsNotImplemented()
    {
        var model = await S3Model.GetAsync();
        var requests = model.Operations.ToDictionary(o => o.Name, o => Describe(o.Request(withOperationId: false)));
        var ambiguous = requests.GroupBy(r => r.Value).Where(g => g.Count() > 1).SelectMany(g => g.Select(r => r.Key)).ToHashSet();

        var wrong = model.Operations
            .Where(operation => !ambiguous.Contains(operation.Name))
            .Select(operation => (operation.Name, Routed: RoutedName(operation.Request(withOperationId: false))))
            .Where(row => row.Routed != row.Name)
            .Select(row => $"{row.Name} -> {row.Routed}")
            .ToList();

        Assert.True(ambiguous.Count <= 4, $"too many operations look alike without x-id: {string.Join(", ", ambiguous)}");
        Assert.True(wrong.Count == 0, $"routed to another operation:\n{string.Join('\n', wrong)}");
    }

    private static string RoutedName(RequestTarget request)
    {
        try
        {
            var operation = Router.Route(request);
            return operation.Kind == S3OperationKind.NotImplemented || operation.Kind.ToString() == operation.Name
                ? operation.Name
                : $"{operation.Kind} named {operation.Name}";
        }
        catch (S3Exception error)
        {
            return $"error {error.Error.Code}";
        }
    }

    private static string Describe(RequestTarget request) =>
        $"{request.Method} {request.RawPath} ?{string.Join('&', request.Query.Keys.Order(StringComparer.Ordinal))} copy:{request.HasCopySource}";
}

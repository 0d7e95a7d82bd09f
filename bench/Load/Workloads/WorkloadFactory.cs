using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Transport;
using Coffer.TestKit.Signing;

namespace Coffer.Bench.Load.Workloads;

/// <summary>Wires the workload the options name to the requests of their mode, over the one shared HttpClient.</summary>
internal static class WorkloadFactory
{
    public static IWorkload Create(LoadOptions options, HttpClient client)
    {
        IRequestFactory requests;
        S3Api? s3 = null;
        var encryption = options.SseS3 ? ServerSideEncryption.SseS3 : ServerSideEncryption.None;
        if (options.Mode == TargetMode.S3)
        {
            requests = new S3RequestFactory(options.Endpoint, options.Bucket, new SigV4Signer(options.AccessKey, options.SecretKey, options.Region));
            s3 = new S3Api(client, requests, encryption, options.Versioning);
        }
        else
        {
            requests = new PlainRequestFactory(options.Endpoint, options.Bucket);
        }

        var objects = new ObjectOperations(client, requests, expectS3Answers: s3 is not null, encryption);
        return options.Workload switch
        {
            Workload.Put => new PutWorkload(options, objects, s3),
            Workload.Get => new ReadWorkload(new ObjectSet(options, objects, s3), objects, headOnly: false, options.RangeSize),
            Workload.Head => new ReadWorkload(new ObjectSet(options, objects, s3), objects, headOnly: true),
            Workload.Mixed => new MixedWorkload(new ObjectSet(options, objects, s3), objects),
            Workload.Delete => new DeleteWorkload(new ObjectSet(options, objects, s3), objects),
            Workload.List => new ListWorkload(options, objects, s3 ?? throw new UsageException("list needs --mode s3")),
            Workload.Multipart => new MultipartWorkload(options, s3 ?? throw new UsageException("multipart needs --mode s3")),
            _ => throw new UsageException($"unknown workload {options.Workload}"),
        };
    }
}

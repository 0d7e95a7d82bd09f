using System.CommandLine;

using Coffer.Server.Hosting;

namespace Coffer.Server.Commands;

/// <summary>`coffer server`: run a node on the embedded stores.</summary>
public static class ServerCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data directory (metadata, blobs, root credentials)", DefaultValueFactory = _ => "./data" };
        var address = new Option<string>("--address") { Description = "HOST:PORT to listen on", DefaultValueFactory = _ => "127.0.0.1:9000" };
        var region = new Option<string>("--region") { Description = "The region this endpoint serves", DefaultValueFactory = _ => "us-east-1" };
        var domain = new Option<string?>("--domain") { Description = "Domain for virtual-hosted-style addressing (bucket.DOMAIN)" };
        var drainTimeout = new Option<string>("--drain-timeout") { Description = "How long a stop waits for requests in flight: 30, 30s, 2m", DefaultValueFactory = _ => "30s" };
        var accessLog = new Option<bool>("--access-log") { Description = "One log line per request (--access-log false turns it off)", DefaultValueFactory = _ => true };
        var logFormat = new Option<LogFormat>("--log-format") { Description = "text or json (one object per line)", DefaultValueFactory = _ => LogFormat.Text };
        var trustedProxies = new Option<string?>("--trusted-proxies") { Description = "Proxies whose X-Forwarded-* headers count: CIDR ranges or addresses, comma-separated" };

        var command = new Command("server", "Run the Coffer S3 server") { data, address, region, domain, drainTimeout, accessLog, logFormat, trustedProxies };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                DataDirectory = parse.GetValue(data)!,
                Address = parse.GetValue(address)!,
                Region = parse.GetValue(region)!,
                Domain = parse.GetValue(domain),
                DrainTimeout = DurationText.Parse(parse.GetValue(drainTimeout)!, "--drain-timeout"),
                AccessLog = parse.GetValue(accessLog),
                LogFormat = parse.GetValue(logFormat),
                TrustedProxies = TrustedProxies.Parse(parse.GetValue(trustedProxies)),
            };

            CofferHost created;
            try
            {
                created = await CofferHost.CreateAsync(options);
            }
            catch (DataDirectoryInUseException error)
            {
                await Console.Error.WriteLineAsync($"coffer: {error.Message}; stop it first, or give this server another --data.");
                return 1;
            }

            await using var host = created;
            using var signals = host.HandleStopSignals();
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (IOException error) when (error.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"coffer: cannot listen on {options.Address}: the address is already in use (another server running? choose one with --address).");
                return 1;
            }

            // With JSON logs, standard output holds nothing but JSON lines: the banner, written for people, goes to standard error.
            var json = options.LogFormat == LogFormat.Json;
            Banner.Print(json ? Console.Error : Console.Out, host, options, interactive: !(json ? Console.IsErrorRedirected : Console.IsOutputRedirected));
            return await host.RunUntilShutdownAsync();
        });
        return command;
    }
}

using System.Diagnostics;
using System.Globalization;

using Coffer.Engine.Encryption;
using Coffer.Engine.Maintenance;

namespace Coffer.Server.Admin;

/// <summary>
/// One line on a terminal, redrawn in place with a carriage return: bytes (or keys) done of the total, and
/// the rate. Written by hand rather than with Spectre.Console (which restores here): its live
/// display owns the terminal while it runs, and the scrub prints findings on stdout in between,
/// which a one-line bar handles by clearing itself first.
/// </summary>
internal sealed class ProgressBar(TextWriter terminal) : IDisposable
{
    private const int Width = 30;
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private TimeSpan? _drawnAt;
    private int _drawnLength;

    public void Update(ScrubProgress progress) => Draw(progress.BytesDone, progress.BytesTotal, Size);

    public void Update(MasterKeyRotationProgress progress) => Draw(progress.Examined, progress.Total, Keys);

    /// <summary>Units done of the total, named by <paramref name="unit"/> (which may say more, such as a running count).</summary>
    public void Update(long done, long total, string unit) => Draw(done, total, count => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {unit}"));

    private void Draw(long done, long total, Func<long, string> amount)
    {
        // Progress arrives per read (every MiB) or per batch; drawing each would cost more than the work.
        var now = _elapsed.Elapsed;
        if (now - _drawnAt < RedrawEvery && done < total)
        {
            return;
        }

        _drawnAt = now;
        var fraction = total == 0 ? 1 : (double)done / total;
        var filled = (int)(fraction * Width);
        var rate = now.TotalSeconds > 0 ? done / now.TotalSeconds : 0;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {fraction * 100,3:0}%  {amount(done)} / {amount(total)}  {amount((long)rate)}/s");
        terminal.Write('\r' + line.PadRight(_drawnLength));
        _drawnLength = line.Length;
        terminal.Flush();
    }

    /// <summary>Blanks the line, so that other output starts at its left edge; the next update draws it again.</summary>
    public void Clear()
    {
        if (_drawnLength > 0)
        {
            terminal.Write('\r' + new string(' ', _drawnLength) + '\r');
            terminal.Flush();
            _drawnLength = 0;
            _drawnAt = null;
        }
    }

    public void Dispose() => Clear();

    private static string Keys(long keys) => string.Create(CultureInfo.InvariantCulture, $"{keys:N0} keys");

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}

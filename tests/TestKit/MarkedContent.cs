using System.Text;

namespace Coffer.TestKit;

/// <summary>
/// An object's content made of one unique marker repeated, for proving that content is not stored in plaintext: any
/// stretch of it left on disk contains the whole marker (or the content is shorter than one).
/// </summary>
public static class MarkedContent
{
    public static (byte[] Content, byte[] Marker) Make(int size)
    {
        var marker = Encoding.ASCII.GetBytes("coffer-marker-" + Guid.NewGuid().ToString("N"));
        var content = new byte[size];
        for (var at = 0; at < size; at += marker.Length)
        {
            marker.AsSpan(0, Math.Min(marker.Length, size - at)).CopyTo(content.AsSpan(at));
        }

        return (content, marker);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Coffer.Server.Hosting;

/// <summary>
/// The listening socket of `coffer server`, bound once and lent to each host it runs. A host that stops to switch to
/// moved metadata closes only its own copy of the socket (a duplicate of its descriptor), so connections that arrive
/// before the next host serves wait in the socket's queue and are answered by that host, instead of being refused
/// while no socket listens (README, "Moving to PostgreSQL").
/// </summary>
public sealed partial class ServerListenSocket : IDisposable
{
    // Kestrel's own default backlog.
    private const int Backlog = 512;

    private readonly Socket _socket;

    private ServerListenSocket(Socket socket) => _socket = socket;

    /// <summary>Where it listens: the port bound, even when port 0 was asked for.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Whether this platform can lend copies of a socket (POSIX dup); elsewhere each host binds the address itself.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <exception cref="SocketException">The address is taken, forbidden or not this machine's.</exception>
    public static ServerListenSocket Bind(IPEndPoint address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel binds: connections of a server that just stopped, waiting out TIME_WAIT, do not count as taken;
            // and [::] takes IPv4 clients too.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (address.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(address);
            socket.Listen(Backlog);
            return new ServerListenSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A copy of the socket for a host's Kestrel, which closes it when the host stops; this one stays open.</summary>
    public Socket Lend()
    {
        var copy = Dup((int)_socket.Handle);
        if (copy < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return new Socket(new SafeSocketHandle(copy, ownsHandle: true));
    }

    public void Dispose() => _socket.Dispose();

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);
}

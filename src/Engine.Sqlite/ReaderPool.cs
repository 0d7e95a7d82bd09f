using System.Collections.Concurrent;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A few read-only connections. In WAL mode readers do not block the writer nor each other, so
/// reads run beside a commit; the bound keeps open files and prepared statements few.
/// </summary>
internal sealed class ReaderPool(Func<SqliteSession> open, int size) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(size, size);

    // A stack, so the most recently used connection (with warm caches) is handed out first.
    private readonly ConcurrentStack<SqliteSession> _idle = new();

    private volatile bool _disposed;

    public async ValueTask<SqliteSession> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        if (_idle.TryPop(out var session))
        {
            return session;
        }

        try
        {
            return open();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(SqliteSession session)
    {
        // A read that was still running when the store shut down closes its own connection.
        if (_disposed)
        {
            session.Dispose();
            return;
        }

        _idle.Push(session);
        _slots.Release();
        if (_disposed && _idle.TryPop(out var late))
        {
            late.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var session))
        {
            session.Dispose();
        }
    }
}

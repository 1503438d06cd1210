// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.UserImport;

/// <summary>Wakes this node's import worker when a job starts, so it need not wait for its next poll.</summary>
public sealed class UserImportSignal : IDisposable
{
    private readonly SemaphoreSlim raised = new(0, 1);

    public void Raise()
    {
        try
        {
            raised.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised: the worker wakes once for both.
        }
    }

    /// <summary>Waits for a start on this node or for <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => raised.WaitAsync(timeout, cancellationToken);

    public void Dispose() => raised.Dispose();
}

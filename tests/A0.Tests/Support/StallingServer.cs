using System.Net;
using System.Net.Sockets;

namespace A0.Tests.Support;

/// <summary>A loopback TCP server that accepts connections and never answers: a pip pointed at it stalls.</summary>
public sealed class StallingServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = [];
    private readonly CancellationTokenSource stop = new();

    public StallingServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";

    public int Connections
    {
        get
        {
            lock (accepted) return accepted.Count;
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                lock (accepted) accepted.Add(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (accepted) accepted.ForEach(s => s.Dispose());
        stop.Dispose();
    }
}

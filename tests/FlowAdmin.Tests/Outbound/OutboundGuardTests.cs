using System.Net;
using System.Net.Sockets;
using System.Text;
using FlowAdmin.Web.Features.Outbound;

namespace FlowAdmin.Tests.Outbound;

public sealed class OutboundGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.10.20", true)]
    [InlineData("169.254.169.254", true)] // cloud metadata
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("157.240.22.35", false)]
    [InlineData("2a03:2880:f10c:83:face:b00c:0:25de", false)]
    public void Private_addresses_are_told_apart_from_public_ones(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, OutboundAddresses.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://cdn.example.com/a.png", null)]
    [InlineData("ftp://cdn.example.com/a.png", "absolute http or https")]
    [InlineData("/relative.png", "absolute http or https")]
    [InlineData("http://localhost:8080/x", "localhost")]
    [InlineData("http://127.0.0.1/x", "private")]
    [InlineData("http://[::1]/x", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "private")]
    [InlineData("https://user:pw@cdn.example.com/a.png", "user name or password")]
    public void Urls_are_checked_before_they_are_stored(string url, string? problem)
    {
        var found = OutboundAddresses.ProblemWith(url, allowPrivateTargets: false);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Fact]
    public void Allowing_private_targets_still_requires_an_http_url()
    {
        Assert.Null(OutboundAddresses.ProblemWith("http://127.0.0.1:5000/x", allowPrivateTargets: true));
        Assert.NotNull(OutboundAddresses.ProblemWith("file:///etc/passwd", allowPrivateTargets: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")] // a name is resolved and checked where the socket connects
    public async Task A_loopback_target_is_refused_at_connect_time_and_never_reached(string host)
    {
        using var server = new OneShotServer();
        using var client = new HttpClient(OutboundGuard.CreateHandler(() => false, followRedirects: true));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{server.Port}/x"));

        Assert.Contains("refused", OutboundGuard.RefusalIn(error)?.Message);
        Assert.False(server.WasReached);
    }

    [Fact]
    public async Task A_redirect_to_a_private_target_is_refused_too()
    {
        using var target = new OneShotServer();
        using var redirector = new OneShotServer($"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{target.Port}/secret\r\nContent-Length: 0\r\n\r\n");
        var allowFirstHop = true; // the first connection is to the redirector; the second must be refused
        using var client = new HttpClient(OutboundGuard.CreateHandler(() => { var allow = allowFirstHop; allowFirstHop = false; return allow; }, followRedirects: true));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{redirector.Port}/"));

        Assert.NotNull(OutboundGuard.RefusalIn(error));
        Assert.True(redirector.WasReached);
        Assert.False(target.WasReached);
    }

    [Fact]
    public async Task Private_targets_are_reached_when_the_setting_allows_them()
    {
        using var server = new OneShotServer();
        using var client = new HttpClient(OutboundGuard.CreateHandler(() => true, followRedirects: true));

        var response = await client.GetAsync($"http://127.0.0.1:{server.Port}/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A raw TCP server answering each connection with one fixed HTTP response.</summary>
    private sealed class OneShotServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly string _response;
        private volatile bool _reached;

        public OneShotServer(string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        {
            _response = response;
            _listener.Start();
            _ = AcceptLoopAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public bool WasReached => _reached;

        private async Task AcceptLoopAsync()
        {
            try
            {
                while (true)
                {
                    using var socket = await _listener.AcceptSocketAsync();
                    _reached = true;
                    var buffer = new byte[8192];
                    await socket.ReceiveAsync(buffer);
                    await socket.SendAsync(Encoding.ASCII.GetBytes(_response));
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void Dispose() => _listener.Stop();
    }
}

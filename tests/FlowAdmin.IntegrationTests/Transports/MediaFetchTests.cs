using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Transports;

/// <summary>The push's mediaUrl, fetched by the Sandbox transport through the SSRF guard within the limits.</summary>
public sealed class MediaFetchTests
{
    [Fact]
    public async Task Fetched_media_is_typed_by_its_content_type_falling_back_to_the_extension_and_delivered()
    {
        await using var media = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        string[] paths = ["photo.jpg", "clip", "song.mp3", "report.pdf", "download"];

        foreach (var path in paths)
            Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, Push("", media.Media(path)))).StatusCode);
        var pushes = await kit.AllPushesDoneAsync(paths.Length);

        Assert.All(pushes, p => Assert.Equal(PushStatus.Done, p.Status));
        var messages = await kit.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).ToListAsync());
        Assert.Equal(["image", "video", "audio", "document", "document"], messages.Select(m => m.MediaType));
        Assert.Equal(["photo.jpg", "clip", "song.mp3", "report.pdf", "Contrato assinado.pdf"], messages.Select(m => m.MediaName));
        Assert.All(messages, m => Assert.True(m.Ack >= Acks.Sent && m.ErrorReason is null, $"{m.MediaUrl}: {m.Ack} {m.ErrorReason}"));
        var sandbox = app.Services.GetRequiredService<SandboxTransport>();
        Assert.All(messages, m => Assert.True(sandbox.WasDelivered(m.Id)));
    }

    [Fact]
    public async Task Each_kind_of_fetch_failure_fails_its_message_with_ack_minus_1_and_a_reason_that_says_what_went_wrong()
    {
        await using var media = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var cases = new (string Path, string Reason)[]
        {
            ("missing.png", "Media could not be fetched: 127.0.0.1 answered HTTP 404 Not Found."),
            ("huge.mp4", "Media too big: 3 MiB declared, over the limit of 1 MiB (FlowAdmin:Media:MaxBytes)."),
            ("stream.bin", "Media too big: the download passed the limit of 1 MiB (FlowAdmin:Media:MaxBytes)."),
            ("slow.jpg", "Media could not be fetched: 127.0.0.1 did not answer within 1 s (FlowAdmin:Media:TimeoutSeconds)."),
        };
        var closed = $"http://127.0.0.1:{ClosedPort()}/gone.png";

        for (var i = 0; i < cases.Length; i++) // one contact each: the slow one does not hold up the others
            await PushKit.PostAsync(url, Push("legenda", media.Media(cases[i].Path), $"55119000000{i:00}"));
        await PushKit.PostAsync(url, Push("legenda", closed, "5511900000099"));
        var pushes = await kit.AllPushesDoneAsync(cases.Length + 1);

        Assert.All(pushes, p => Assert.Equal(PushStatus.Failed, p.Status));
        var messages = await kit.DbAsync(db => db.Messages.ToListAsync());
        var contacts = await kit.DbAsync(db => db.Contacts.ToDictionaryAsync(c => c.Id, c => c.Number));
        var logs = await kit.DbAsync(db => db.LogEntries.ToListAsync());
        var acks = await kit.DbAsync(db => db.PlatformEvents.Where(e => e.Event == EventNames.AckMessage).Select(e => e.PayloadJson).ToListAsync());
        for (var i = 0; i < cases.Length; i++)
        {
            var number = $"55119000000{i:00}";
            var message = messages.Single(m => contacts[m.ContactId] == number);
            Assert.Equal((Acks.Error, "error", cases[i].Reason), (message.Ack, message.Status, message.ErrorReason));
            Assert.Equal(cases[i].Reason, pushes.Single(p => p.Number == number).Error);
            Assert.Equal("Send failed (ack -1): " + cases[i].Reason, logs.Single(l => l.Number == number).Error);
            Assert.Contains(acks.Select(a => JsonNode.Parse(a)!), a => (int)a["ack"]! == -1 && (string?)a["id"] == message.Id.ToString() && (string?)a["error"] == cases[i].Reason);
        }
        var refusedConnection = messages.Single(m => contacts[m.ContactId] == "5511900000099");
        Assert.StartsWith("Media could not be fetched from 127.0.0.1: ", refusedConnection.ErrorReason);
    }

    [Fact]
    public async Task A_private_media_target_is_refused_by_default_at_fetch_time()
    {
        await using var media = await FakeServer.StartAsync();
        // Queued while private targets were allowed (a lab), processed after the setting went back to its default.
        var first = new FlowAdminApp("Sqlite", new Dictionary<string, string?>(CloudApiKit.Settings) { ["FlowAdmin:Push:WorkerEnabled"] = "false" }) { KeepData = true };
        PushKit kit;
        try
        {
            kit = await PushKit.CreateAsync(first);
            var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
            Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, Push("legenda", media.Media("photo.jpg")))).StatusCode);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = new FlowAdminApp(first, new Dictionary<string, string?>
        {
            ["FlowAdmin:Push:WorkerEnabled"] = "true",
            ["FlowAdmin:Outbound:AllowPrivateTargets"] = "false", // the default
        });
        var restarted = new PushKit
        {
            App = second, Tenant = kit.Tenant, Whatsapp = kit.Whatsapp, Waba = kit.Waba, Sales = kit.Sales,
            Support = kit.Support, Resolved = kit.Resolved, Order = kit.Order, Agent = kit.Agent,
        };
        _ = second.BaseAddress;
        var push = Assert.Single(await restarted.AllPushesDoneAsync(1));

        Assert.Equal(PushStatus.Failed, push.Status);
        var message = await restarted.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal(Acks.Error, message.Ack);
        Assert.Equal("Media refused: 127.0.0.1 resolves to a private, loopback, link-local or metadata address; refused (FlowAdmin:Outbound:AllowPrivateTargets).", message.ErrorReason);
        Assert.DoesNotContain(media.Requests, r => r.Path.StartsWith("/media/", StringComparison.Ordinal));
    }

    private static string Push(string body, string mediaUrl, string number = "5511999999999") =>
        $$"""{"number":"{{number}}","externalKey":"m","body":"{{body}}","mediaUrl":"{{mediaUrl}}"}""";

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Push;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Transports;

/// <summary>Pushes through a Cloud API channel, end to end: endpoint, queue, worker, Graph (a local fake), acks.</summary>
public sealed class CloudApiTransportTests
{
    private const string Number = "5511999999999";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_text_push_reaches_Graph_as_Metas_JSON_with_the_channels_token_and_is_acked_with_the_wamid(string provider)
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp(provider, CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);

        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(kit.Url, PushKit.TextExample)).StatusCode);
        var push = Assert.Single(await kit.Push.AllPushesDoneAsync(1));

        var call = Assert.Single(graph.GraphCalls);
        Assert.Equal($"/v25.0/{CloudApiKit.PhoneNumberId}/messages", call.Path);
        Assert.Equal("Bearer " + CloudApiKit.AccessToken, call.Authorization);
        Assert.StartsWith("application/json", call.ContentType);
        var messageId = PushWorker.MessageIdFor(push.Id);
        AssertJson($$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999999999","type":"text",
             "biz_opaque_callback_data":"{{messageId}}","text":{"preview_url":false,"body":"MENSAGEM"} }
            """, call.Body);

        Assert.Equal(PushStatus.Done, push.Status);
        var message = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal(messageId, message.Id);
        Assert.Equal("wamid.TEST1", message.TransportMessageId);
        Assert.Equal(Acks.Sent, message.Ack);
        Assert.Equal("sent", message.Status);
        var ack = await LastAckAsync(kit);
        Assert.Equal(1, (int)ack["ack"]!);
        Assert.Equal("wamid.TEST1", (string?)ack["messageId"]);
        Assert.Null(ack["error"]);

        // The token is stored encrypted and appears in no log entry.
        var stored = await kit.Push.DbAsync(db => db.Channels.Where(c => c.Id == kit.ChannelId).Select(c => c.CloudApiAccessTokenProtected).SingleAsync());
        Assert.DoesNotContain(CloudApiKit.AccessToken, stored);
        var logs = await kit.Push.DbAsync(db => db.LogEntries.ToListAsync());
        Assert.All(logs, l => Assert.DoesNotContain(CloudApiKit.AccessToken, l.RequestHeaders + l.RequestBody + l.ResponseBody + l.Error));
    }

    [Fact]
    public async Task Each_media_kind_goes_by_link_with_its_caption_and_is_typed_by_the_content_type_its_server_declares()
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);
        var media = new (string Path, string Caption)[] { ("photo.jpg", "Foto"), ("clip", "Vídeo"), ("song.mp3", "Áudio"), ("report.pdf", "Relatório") };

        foreach (var (path, caption) in media) // one contact: sent in this order
            Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(kit.Url, Push(caption, graph.Media(path)))).StatusCode);
        var pushes = await kit.Push.AllPushesDoneAsync(4);

        Assert.All(pushes, p => Assert.Equal(PushStatus.Done, p.Status));
        var ids = pushes.Select(p => PushWorker.MessageIdFor(p.Id)).ToArray();
        var calls = graph.GraphCalls.Select(c => c.Body).ToArray();
        Assert.Equal(5, calls.Length);
        AssertJson(Envelope(ids[0], "image") + $$""" "image":{"link":"{{graph.Media("photo.jpg")}}","caption":"Foto"} } """, calls[0]);
        AssertJson(Envelope(ids[1], "video") + $$""" "video":{"link":"{{graph.Media("clip")}}","caption":"Vídeo"} } """, calls[1]);
        // WhatsApp audio has no caption: the text follows as its own message, so nothing the caller wrote is lost.
        AssertJson(Envelope(ids[2], "audio") + $$""" "audio":{"link":"{{graph.Media("song.mp3")}}"} } """, calls[2]);
        AssertJson(Envelope(ids[2], "text") + """ "text":{"preview_url":false,"body":"Áudio"}} """, calls[3]);
        AssertJson(Envelope(ids[3], "document") + $$""" "document":{"link":"{{graph.Media("report.pdf")}}","caption":"Relatório","filename":"report.pdf"} } """, calls[4]);

        // Meta downloads the media itself: FlowAdmin only looked at each link's headers, once.
        Assert.Equal(4, graph.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/media/", StringComparison.Ordinal)));
        var messages = await kit.Push.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).ToListAsync());
        Assert.Equal(["image", "video", "audio", "document"], messages.Select(m => m.MediaType));
        Assert.Equal(["photo.jpg", "clip", "song.mp3", "report.pdf"], messages.Select(m => m.MediaName));
        Assert.Equal(["wamid.TEST1", "wamid.TEST2", "wamid.TEST3", "wamid.TEST5"], messages.Select(m => m.TransportMessageId));
        Assert.All(messages, m => Assert.Equal(Acks.Sent, m.Ack));
    }

    [Fact]
    public async Task A_template_push_sends_the_templates_name_language_and_body_parameters()
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);
        var body = $$"""{"number":"{{Number}}","externalKey":"pedido-1","templateId":"{{kit.Template.Id}}","params":["João","A-123"]}""";

        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(kit.Url, body)).StatusCode);
        var push = Assert.Single(await kit.Push.AllPushesDoneAsync(1));

        AssertJson(Envelope(PushWorker.MessageIdFor(push.Id), "template") + """
             "template":{"name":"pedido_enviado","language":{"code":"pt_BR"},
               "components":[{"type":"body","parameters":[{"type":"text","text":"João"},{"type":"text","text":"A-123"}]}]}}
            """, Assert.Single(graph.GraphCalls).Body);
        var message = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal("Olá João, seu pedido A-123 foi enviado.", message.Body);
        Assert.Equal(("template", Acks.Sent, "wamid.TEST1"), (message.MediaType, message.Ack, message.TransportMessageId));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_400_from_Graph_is_ack_minus_1_with_Graphs_reason_on_the_message_the_push_the_log_and_the_AckMessage(string provider)
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp(provider, CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);

        var response = await PushKit.PostAsync(kit.Url, PushKit.TextExample.Replace(Number, FakeServer.RejectedNumber));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // accepted and queued: the send fails later
        var push = Assert.Single(await kit.Push.AllPushesDoneAsync(1));

        Assert.Single(graph.GraphCalls);
        const string reason = "Cloud API answered HTTP 400: (#131030) Recipient phone number not in allowed list (code 131030, subcode 2494010)";
        var message = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal((Acks.Error, "error", null), (message.Ack, message.Status, message.TransportMessageId));
        Assert.StartsWith(reason, message.ErrorReason);
        Assert.Contains("Add recipient phone number to recipient list", message.ErrorReason);
        Assert.Equal(PushStatus.Failed, push.Status);
        Assert.StartsWith(reason, push.Error);
        var log = await kit.Push.DbAsync(db => db.LogEntries.SingleAsync());
        Assert.StartsWith("Send failed (ack -1): " + reason, log.Error);
        var ack = await LastAckAsync(kit);
        Assert.Equal(-1, (int)ack["ack"]!);
        Assert.StartsWith(reason, (string?)ack["error"]);
    }

    [Fact]
    public async Task A_Graph_call_that_times_out_is_ack_minus_1_and_is_not_sent_again()
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?>(CloudApiKit.Settings) { ["FlowAdmin:CloudApi:TimeoutSeconds"] = "1" });
        var kit = await CloudApiKit.CreateAsync(app, graph);

        await PushKit.PostAsync(kit.Url, PushKit.TextExample.Replace(Number, FakeServer.SlowNumber));
        var push = Assert.Single(await kit.Push.AllPushesDoneAsync(1));

        Assert.Equal(PushStatus.Failed, push.Status);
        var message = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal(Acks.Error, message.Ack);
        Assert.Equal("Cloud API did not answer within 1 s (FlowAdmin:CloudApi:TimeoutSeconds); the message may have been delivered and is not sent again.", message.ErrorReason);
        await Task.Delay(1500); // the worker's next rounds leave it alone
        Assert.Single(graph.GraphCalls);
    }

    [Fact]
    public async Task A_media_link_that_fails_its_check_is_ack_minus_1_and_never_reaches_Graph()
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);

        await PushKit.PostAsync(kit.Url, Push("Foto", graph.Media("missing.png")));
        await PushKit.PostAsync(kit.Url, Push("Vídeo", graph.Media("huge.mp4")));
        var pushes = await kit.Push.AllPushesDoneAsync(2);

        Assert.Empty(graph.GraphCalls);
        Assert.All(pushes, p => Assert.Equal(PushStatus.Failed, p.Status));
        var reasons = await kit.Push.DbAsync(db => db.Messages.OrderBy(m => m.CreatedAt).Select(m => m.ErrorReason).ToListAsync());
        Assert.Equal("Media could not be fetched: 127.0.0.1 answered HTTP 404 Not Found.", reasons[0]);
        Assert.Equal("Media too big: 3 MiB declared, over the limit of 1 MiB (FlowAdmin:Media:MaxBytes).", reasons[1]);
    }

    [Fact]
    public async Task A_retry_after_a_crash_never_sends_the_message_twice()
    {
        await using var graph = await FakeServer.StartAsync();
        await using var app = new FlowAdminApp("Sqlite", CloudApiKit.Settings);
        var kit = await CloudApiKit.CreateAsync(app, graph);
        await PushKit.PostAsync(kit.Url, PushKit.TextExample);
        var push = Assert.Single(await kit.Push.AllPushesDoneAsync(1));

        // A crash after Graph answered and the wamid was recorded, before the worker's commit: the retry
        // finds the wamid, sends nothing and completes the ack.
        await RewindAsync(kit, push.Id, "wamid.TEST1");
        var done = await kit.Push.EventuallyAsync(db => db.PushRequests.SingleAsync(), p => p.Status != PushStatus.Routed);
        Assert.Equal(PushStatus.Done, done.Status);
        Assert.Single(graph.GraphCalls);
        var resent = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal(("wamid.TEST1", Acks.Sent), (resent.TransportMessageId, resent.Ack));

        // A crash during the call (claimed, no wamid): Meta may have sent it, so it is not sent again; it fails visibly.
        await RewindAsync(kit, push.Id, null);
        var failed = await kit.Push.EventuallyAsync(db => db.PushRequests.SingleAsync(), p => p.Status != PushStatus.Routed);
        Assert.Equal(PushStatus.Failed, failed.Status);
        Assert.Single(graph.GraphCalls);
        var message = await kit.Push.DbAsync(db => db.Messages.SingleAsync());
        Assert.Equal(Acks.Error, message.Ack);
        Assert.Contains("not sent again so the contact cannot receive it twice", message.ErrorReason);
    }

    /// <summary>Puts a sent push back where a crash would have left it: routed, message at ack 0 and claimed.</summary>
    private static Task RewindAsync(CloudApiKit kit, long pushId, string? wamid) => kit.Push.DbAsync(async db =>
    {
        await db.Messages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Ack, Acks.Pending).SetProperty(m => m.Status, "sending").SetProperty(m => m.TransportMessageId, wamid));
        return await db.PushRequests.Where(p => p.Id == pushId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PushStatus.Routed));
    });

    private static string Push(string body, string mediaUrl) =>
        $$"""{"number":"{{Number}}","externalKey":"m","body":"{{body}}","mediaUrl":"{{mediaUrl}}"}""";

    /// <summary>The common start of a Graph body, left open for the type's own object.</summary>
    private static string Envelope(Guid messageId, string type) =>
        $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{Number}}","type":"{{type}}","biz_opaque_callback_data":"{{messageId}}",""";

    private static async Task<JsonNode> LastAckAsync(CloudApiKit kit)
    {
        var json = await kit.Push.DbAsync(db => db.PlatformEvents.Where(e => e.Event == EventNames.AckMessage).OrderBy(e => e.Id).Select(e => e.PayloadJson).ToListAsync());
        return JsonNode.Parse(json[^1])!;
    }

    private static void AssertJson(string expected, string actual)
    {
        var (e, a) = (JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(JsonNode.DeepEquals(e, a), $"Graph got:\n{a?.ToJsonString()}\nexpected:\n{e?.ToJsonString()}");
    }
}

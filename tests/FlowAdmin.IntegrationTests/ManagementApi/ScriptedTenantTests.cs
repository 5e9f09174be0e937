using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Push;
using StandardWebhooks;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>
/// Issue 6's suite: a tenant set up and run with nothing but the admin CLI and HTTP — the way an operator's
/// script and a tenant's systems use FlowAdmin. No service or database is touched directly.
/// </summary>
public sealed class ScriptedTenantTests
{
    /// <summary>
    /// One of the source's push examples (PushExamples) with this tenant's ids in place of the source's (183, 435,
    /// 123, "uuid-template"), another contact's number, and without the "https://" placeholders for links.
    /// </summary>
    private static string Fill(string example, string number, int userId = 0, int queueId = 0, int closingReasonId = 0, int templateId = 0)
    {
        var json = JsonNode.Parse(example)!.AsObject();
        json["number"] = number;
        if (json.ContainsKey("userId")) json["userId"] = userId;
        if (json.ContainsKey("queueId")) json["queueId"] = queueId.ToString(CultureInfo.InvariantCulture);
        if (json.ContainsKey("closingReasonId")) json["closingReasonId"] = closingReasonId;
        if (json.ContainsKey("templateId")) json["templateId"] = templateId.ToString(CultureInfo.InvariantCulture);
        if ((string?)json["mediaUrl"] == "https://") json.Remove("mediaUrl");
        if (json["note"] is JsonObject note && (string?)note["mediaUrl"] == "https://") note.Remove("mediaUrl");
        return json.ToJsonString();
    }

    [Fact]
    public async Task A_tenant_set_up_by_CLI_and_API_gets_its_pushes_routed_its_webhooks_signed_and_its_logs_searchable()
    {
        await using var receiver = await Receiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("flowadmin-scripted-").FullName;
        var created = await CliAsync(folder, "create-tenant", "--name", "Scripted", "--admin-email", "ops@scripted.test", "--admin-password", FlowAdminApp.Password);
        await using var app = new FlowAdminApp(settings: new Dictionary<string, string?>(WebhookKit.FastSettings()) { ["FlowAdmin:DataFolder"] = folder });
        using var api = ApiKit.Client(app, (string)created["apiKey"]!);

        var support = await CreateAsync(api, "departments", new { name = "Suporte", color = "#1976d2" });
        var resolved = await CreateAsync(api, "closing-reasons", new { name = "Resolvido" });
        var agent = await CreateAsync(api, "users", new { name = "Ana", email = "ana@scripted.test", role = "Agent", password = FlowAdminApp.Password, departmentIds = new[] { support } });
        var whatsapp = await CreateAsync(api, "channels", new { name = "WhatsApp", kind = "Whatsapp", transport = "Sandbox", number = "5511900000001" });
        var waba = await CreateAsync(api, "channels", new { name = "WABA", kind = "Waba", transport = "Sandbox", number = "5511900000002" });
        var template = await CreateAsync(api, "templates", new { channelId = waba, name = "pedido", body = "Olá {{1}}, seu pedido {{2}} saiu." });
        var erp = await (await api.PostJsonAsync("api-configs", new { name = "ERP", channelId = whatsapp, action = "KeepOpen" })).JsonAsync();
        var hsm = await (await api.PostJsonAsync("api-configs", new { name = "HSM", channelId = waba, action = "KeepOpen" })).JsonAsync();
        var hook = await CreateAsync(api, "webhooks", new { name = "Tudo", url = receiver.Url("/all"), events = EventNames.All, isActive = true });
        var secret = (string)(await (await api.GetAsync($"webhooks/{hook}/secret")).JsonAsync())["secret"]!;

        using var pushClient = new HttpClient();
        foreach (var (url, body) in new[]
        {
            ((string)erp["pushUrl"]!, PushExamples.Text),
            ((string)erp["pushUrl"]!, PushExamples.Media),
            ((string)erp["pushUrl"]!, Fill(PushExamples.WhatsappFull, "5511977777777", agent, support, resolved)),
            ((string)hsm["pushUrl"]!, Fill(PushExamples.Waba, "5511966666666", agent, support, resolved, template)),
        })
        {
            var pushed = await pushClient.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(pushed.StatusCode == HttpStatusCode.OK, $"{body}: {(int)pushed.StatusCode} {await pushed.Content.ReadAsStringAsync()}");
            Assert.Equal("Message add queue", (string)(await pushed.JsonAsync())["message"]!);
        }

        // SPEC §5: a new contact's push opens a pending API ticket; the same contact's next push joins it.
        var text = await EventuallyOneTicketAsync(api, "pending", "5511999999999");
        Assert.True((bool)text["isCreatedAtApi"]!);
        var textDetail = await EventuallyAsync(api, $"tickets/{text["id"]}", t => t["messages"]!.AsArray().Count >= 2);
        var message = Assert.Single(textDetail["messages"]!.AsArray(), m => (string?)m!["body"] == "MENSAGEM")!;
        Assert.Equal("123456", (string)message["externalKey"]!);
        Assert.Single(textDetail["messages"]!.AsArray(), m => (string?)m!["mediaUrl"] == "https://exemplo.com/img.png");
        // forceTicketToClosed wins over every other flag: both full examples end closed with the reason given.
        foreach (var number in new[] { "5511977777777", "5511966666666" })
        {
            var closed = await EventuallyOneTicketAsync(api, "closed", number);
            Assert.Equal("Resolvido", (string)(await (await api.GetAsync($"tickets/{closed["id"]}")).JsonAsync())["closingReasonName"]!);
        }

        // Customer-side traffic through the Sandbox routes goes through the same engine.
        var inbound = await api.PostJsonAsync($"channels/{whatsapp}/sandbox/inbound", new { number = "5511955555555", body = "Oi, tudo bem?", name = "Cliente" });
        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        await EventuallyOneTicketAsync(api, "pending", "5511955555555");
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"channels/{whatsapp}/sandbox/status", new { status = "CONNECTED" })).StatusCode);

        // Every delivery the receiver got is signed with the webhook's secret and has the source's shape.
        var received = await receiver.WaitAsync(r =>
            r.Count(x => x.Event == EventNames.NewContact) >= 4 && r.Any(x => x.Event == EventNames.FinishedTicket)
            && r.Any(x => x.Event == EventNames.ConnectionStatusUpdate) && r.Any(x => x.Event == EventNames.NewMessage && x.Body.Contains("Oi, tudo bem?")));
        var verifier = new StandardWebhook(secret);
        foreach (var delivery in received)
        {
            verifier.Verify(delivery.Body, delivery.Headers);
            // The media example's link cannot be fetched here: its AckMessage is ack -1 and carries the reason as well.
            var json = delivery.Json;
            if (delivery.Event == EventNames.AckMessage && (int)json["ack"]! == -1)
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)json["error"]));
                json.Remove("error");
            }
            WebhookKit.AssertSameShape(EventPayloads.Example(delivery.Event), json);
        }

        // The pushes are in the logs, found by their externalKey as a user would search them (the source's text,
        // media and full examples all say "123456").
        var logs = await (await api.GetAsync("logs?externalKey=123456")).JsonAsync();
        Assert.Equal(3, (int)logs["total"]!);
        Assert.Single((await (await api.GetAsync("logs?externalKey=valor%20para%20rastreamento")).JsonAsync())["items"]!.AsArray());
        var detail = await (await api.GetAsync($"logs/{logs["items"]![0]!["id"]}")).JsonAsync();
        Assert.DoesNotContain(((string)erp["pushUrl"]!).Split('/')[^1], detail.ToJsonString());
    }

    [Fact]
    public async Task A_read_only_key_cannot_change_anything_and_no_key_reaches_another_tenants_records()
    {
        var folder = Directory.CreateTempSubdirectory("flowadmin-scripted-").FullName;
        var a = await CliAsync(folder, "create-tenant", "--name", "Tenant A", "--admin-email", "a@a.test", "--admin-password", FlowAdminApp.Password);
        var b = await CliAsync(folder, "create-tenant", "--name", "Tenant B", "--admin-email", "b@b.test", "--admin-password", FlowAdminApp.Password);
        var reader = await CliAsync(folder, "create-api-key", "--tenant", a["tenantId"]!.ToString(), "--name", "relatórios", "--scope", "read-only");
        await using var app = new FlowAdminApp(settings: new Dictionary<string, string?> { ["FlowAdmin:DataFolder"] = folder });
        using var apiA = ApiKit.Client(app, (string)a["apiKey"]!);
        using var apiB = ApiKit.Client(app, (string)b["apiKey"]!);
        using var readOnly = ApiKit.Client(app, (string)reader["key"]!);

        var channel = await CreateAsync(apiB, "channels", new { name = "B WhatsApp", kind = "Whatsapp", transport = "Sandbox", number = "5511900000009" });
        var department = await CreateAsync(apiB, "departments", new { name = "B Vendas", color = "#112233" });
        var reason = await CreateAsync(apiB, "closing-reasons", new { name = "B Resolvido" });
        var config = await CreateAsync(apiB, "api-configs", new { name = "B ERP", channelId = channel, action = "KeepOpen" });
        var inbound = await (await apiB.PostJsonAsync($"channels/{channel}/sandbox/inbound", new { number = "5511944444444", body = "Oi" })).JsonAsync();
        var ticket = (int)inbound["ticketId"]!;

        foreach (var path in new[] { $"channels/{channel}", $"departments/{department}", $"closing-reasons/{reason}", $"api-configs/{config}", $"tickets/{ticket}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await apiA.GetAsync(path)).StatusCode);
            if (!path.StartsWith("tickets/")) Assert.Equal(HttpStatusCode.NotFound, (await apiA.DeleteAsync(path)).StatusCode); // tickets are closed, never deleted
        }
        Assert.Equal(HttpStatusCode.NotFound, (await apiA.PostAsync($"api-configs/{config}/rotate-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiA.PostJsonAsync($"tickets/{ticket}/close", new { closingReasonId = reason })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiA.PostJsonAsync($"channels/{channel}/sandbox/inbound", new { number = "5511944444444", body = "x" })).StatusCode);
        Assert.Equal(0, (int)(await (await apiA.GetAsync("tickets?status=pending")).JsonAsync())["total"]!);

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("departments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostJsonAsync("departments", new { name = "Nova", color = "#112233" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostJsonAsync("channels", new { name = "C", kind = "Whatsapp", transport = "Sandbox", number = "5511900000010" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostJsonAsync("webhooks", new { name = "W", url = "https://example.com/h", events = new[] { "NewTicket" } })).StatusCode);
        Assert.Equal(0, (int)(await (await readOnly.GetAsync("departments")).JsonAsync())["total"]!);
    }

    /// <summary>The operator's step: the app's own executable, before the app runs, on the data folder it will use.</summary>
    private static async Task<JsonNode> CliAsync(string folder, params string[] args) =>
        (await Cli.RunAsync([.. args, "--FlowAdmin:DataFolder", folder, "--Database:Provider", "Sqlite"])).Json();

    private static async Task<int> CreateAsync(HttpClient api, string resource, object body)
    {
        var response = await api.PostJsonAsync(resource, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {resource}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (int)(await response.JsonAsync())["id"]!;
    }

    private static async Task<JsonNode> EventuallyAsync(HttpClient api, string path, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await (await api.GetAsync(path)).JsonAsync();
            if (condition(json)) return json;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} never got there: {json.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Pushes are queued: the ticket appears once the worker has routed them.</summary>
    private static async Task<JsonNode> EventuallyOneTicketAsync(HttpClient api, string status, string number)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await (await api.GetAsync($"tickets?status={status}&number={number}")).JsonAsync();
            if ((int)page["total"]! == 1) return page["items"]![0]!;
            if (DateTime.UtcNow > deadline) Assert.Fail($"no {status} ticket for {number}: {page.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}

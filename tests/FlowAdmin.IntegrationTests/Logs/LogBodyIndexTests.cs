using System.Net;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.Web.Features.Logs;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Logs;

public sealed class LogBodyIndexTests
{
    [Theory]
    [InlineData(50_000, 0)] // within the lag bound: the burst goes first
    [InlineData(0, 1)] // at the bound: indexed at once, burst or not
    public async Task The_body_index_waits_while_pushes_commit_and_catches_up_after(int maxLag, int indexedDuringBurst)
    {
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?>
        {
            ["Logs:BodyIndexEnabled"] = "false", // the test decides when it runs
            ["Logs:BodyIndexMaxLag"] = maxLag.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FlowAdmin:Push:WorkerEnabled"] = "false",
            // A burst "ends" 200 ms after its last commit; on a loaded CI machine the next line can come later than that.
            ["Logs:BodyIndexYieldWindowMs"] = "2000",
        });
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var index = app.Services.GetRequiredService<LogBodyIndex>();

        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", "pedido turquesa"))).StatusCode);
        Assert.Equal(indexedDuringBurst, await index.CatchUpAsync(TimeSpan.FromSeconds(5), default));

        // The push is found by its body all the same (entries above the index's mark are read directly)...
        var found = await app.AsTenantAsync<LogService, LogPage>(kit.Tenant.Id, s => s.ListAsync(
            new LogFilter { BodyContains = "TURQUESA" }, null, true, 0, 25, default));
        Assert.Single(found.Items);
        // ...and once the intake has been quiet for a moment, the index catches up.
        await Task.Delay(2200);
        Assert.Equal(1 - indexedDuringBurst, await index.CatchUpAsync(TimeSpan.FromSeconds(5), default));
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Push;

/// <summary>
/// The page's "test send": builds the source's text body and hands it to the same intake as the HTTP
/// endpoint (validation, queue, log entry), so an administrator sees exactly what a client would get.
/// </summary>
public sealed class PushTestSender(IDbContextFactory<AppDbContext> factory, PushIntake intake)
{
    public async Task<PushOutcome> SendAsync(int configId, string number, string body, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await factory.CreateDbContextAsync(ct);
        var config = await db.ApiConfigs.AsNoTracking().SingleAsync(c => c.Id == configId, ct);
        var json = new JsonObject { ["body"] = body, ["number"] = number.Trim(), ["externalKey"] = "test-send-" + Guid.NewGuid().ToString("N")[..8] };
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/json"), new("User-Agent", "FlowAdmin test send") };
        return await intake.AcceptAsync(new PushCall(config, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), headers, null, started), ct);
    }
}

using FlowAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Tickets;

/// <summary>
/// The ids a ticket's history line refers to, from the Detail the routing engine writes ("department:5 user:7");
/// apiKey is the management API key that acted.
/// </summary>
public sealed record TicketEventDetail(int? DepartmentId, int? UserId, int? ClosingReasonId, int? ApiConfigId, int? ApiKeyId)
{
    public static TicketEventDetail Parse(string detail)
    {
        var values = detail.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(':', 2))
            .Where(kv => kv.Length == 2 && int.TryParse(kv[1], out _))
            .ToDictionary(kv => kv[0], kv => int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
        int? Get(string key) => values.TryGetValue(key, out var v) ? v : null;
        return new TicketEventDetail(Get("department"), Get("user"), Get("closingReason"), Get("apiConfig"), Get("apiKey"));
    }
}

/// <summary>The names behind the ids of one ticket page, loaded in one query per kind.</summary>
internal sealed record Names(
    Dictionary<int, string> Users, Dictionary<int, string> Departments, Dictionary<int, string> Reasons,
    Dictionary<int, string> ApiConfigs, Dictionary<int, string> Templates, Dictionary<int, string> ApiKeys)
{
    public static string? Of(Dictionary<int, string> names, int? id) => id is { } key && names.TryGetValue(key, out var name) ? name : null;

    public static async Task<Names> LoadAsync(AppDbContext db, int?[] userIds, int?[] departmentIds, int?[] reasonIds, int?[] apiConfigIds, int?[] templateIds, int?[] apiKeyIds, CancellationToken ct)
    {
        var users = Ids(userIds);
        var departments = Ids(departmentIds);
        var reasons = Ids(reasonIds);
        var configs = Ids(apiConfigIds);
        var templates = Ids(templateIds);
        var keys = Ids(apiKeyIds);
        return new Names(
            await db.TenantUsers.AsNoTracking().Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct),
            await db.Departments.AsNoTracking().Where(d => departments.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct),
            await db.ClosingReasons.AsNoTracking().Where(r => reasons.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct),
            await db.ApiConfigs.AsNoTracking().Where(a => configs.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct),
            await db.Templates.AsNoTracking().Where(x => templates.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct),
            // Revoked keys are kept, so an old line still names its key.
            await db.ApiKeys.AsNoTracking().Where(k => keys.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => k.Name, ct));
    }

    private static List<int> Ids(int?[] ids) => [.. ids.OfType<int>().Distinct()];
}

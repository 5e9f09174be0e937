using System.Linq.Expressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Channels;

/// <summary>
/// Channels of the current tenant, through the tenant-filtered context (another tenant's id is not found).
/// The Cloud API access token is stored encrypted and only ever handed out masked.
/// </summary>
public sealed class ChannelService(
    IDbContextFactory<AppDbContext> factory, IValidator<ChannelInput> validator, ChannelTokenProtector tokens, Push.PushConfigCache pushConfigs,
    IStringLocalizer<CommonText> c, IStringLocalizer<ChannelsText> t)
{
    private static readonly SortColumns<Channel> Sorts = new SortColumns<Channel>(nameof(ChannelRow.Id))
        .Add(nameof(ChannelRow.Id), x => x.Id)
        .Add(nameof(ChannelRow.Name), x => x.Name)
        .Add(nameof(ChannelRow.Kind), x => x.Kind)
        .Add(nameof(ChannelRow.Transport), x => x.Transport)
        .Add(nameof(ChannelRow.Number), x => x.Number)
        .Add(nameof(ChannelRow.Status), x => x.Status)
        .Add(nameof(ChannelRow.DefaultDepartmentName), x => x.DefaultDepartment!.Name)
        .Add(nameof(ChannelRow.IsActive), x => x.IsActive);

    private static readonly Expression<Func<Channel, ChannelRow>> ToRow = x => new ChannelRow(
        x.Id, x.Name, x.Kind, x.Transport, x.Number, x.Status,
        x.DefaultDepartmentId, x.DefaultDepartment == null ? null : x.DefaultDepartment.Name, x.IsActive);

    public async Task<PagedResult<ChannelRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking()
            .Search(query.Search, x => x.Id, x => x.Name, x => x.Number)
            .ToPagedResultAsync(query, Sorts, ToRow, ct);
    }

    /// <summary>The active channels, by name; only WABA channels when <paramref name="kind"/> says so.</summary>
    public async Task<IReadOnlyList<ChannelOption>> ListActiveAsync(ChannelKind? kind, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking()
            .Where(x => x.IsActive && (kind == null || x.Kind == kind))
            .OrderBy(x => x.Name)
            .Select(x => new ChannelOption(x.Id, x.Name, x.Kind))
            .ToListAsync(ct);
    }

    public async Task<ChannelInput?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var x = await db.Channels.AsNoTracking().SingleOrDefaultAsync(ch => ch.Id == id, ct);
        return x is null ? null : new ChannelInput
        {
            Id = x.Id, Name = x.Name, Kind = x.Kind, Transport = x.Transport, Number = x.Number, Status = x.Status,
            DefaultDepartmentId = x.DefaultDepartmentId, IsActive = x.IsActive,
            CloudApiBaseUrl = x.CloudApiBaseUrl, CloudApiPhoneNumberId = x.CloudApiPhoneNumberId,
            MaskedAccessToken = tokens.Mask(x.CloudApiAccessTokenProtected),
        };
    }

    public async Task<ChannelRow> CreateAsync(ChannelInput input, CancellationToken ct)
    {
        input = input with { Id = 0 };
        await validator.ValidateAndThrowAsync(input, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = new Channel { Name = input.Name.Trim() };
        Apply(channel, input);
        db.Channels.Add(channel);
        await db.SaveValidatedAsync(validator, input, ct);
        return await RowAsync(db, channel.Id, ct);
    }

    public async Task<ChannelRow> UpdateAsync(int id, ChannelInput input, CancellationToken ct)
    {
        input = input with { Id = id };
        await using var db = await factory.CreateDbContextAsync(ct);
        // Not found before invalid: another tenant's id looks missing, whatever the body holds.
        var channel = await FindAsync(db, id, ct);
        var previousStatus = channel.Status;
        await validator.ValidateAndThrowAsync(input, ct);
        Apply(channel, input);
        await ChannelStatusEvents.RaiseIfChangedAsync(db, channel, previousStatus, ct);
        await db.SaveValidatedAsync(validator, input, ct);
        pushConfigs.Forget(); // the push intake caches each config with its channel
        return await RowAsync(db, channel.Id, ct);
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await FindAsync(db, id, ct);
        channel.IsActive = active;
        channel.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        pushConfigs.Forget(); // the push intake caches each config with its channel
    }

    /// <summary>Deletes a channel nothing refers to; one in use is refused (deactivate it instead).</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await FindAsync(db, id, ct);
        var usage = new Usage();
        await usage.AddAsync(t["Use.Tickets"], db.Tickets.CountAsync(x => x.ChannelId == id, ct));
        await usage.AddAsync(t["Use.Templates"], db.Templates.CountAsync(x => x.ChannelId == id, ct));
        await usage.AddAsync(t["Use.ApiConfigs"], db.ApiConfigs.CountAsync(x => x.ChannelId == id, ct));
        usage.ThrowIfAny(nameof(ChannelInput.Name), c);
        db.Channels.Remove(channel);
        await db.SaveChangesAsync(ct);
    }

    private void Apply(Channel channel, ChannelInput input)
    {
        channel.Name = input.Name.Trim();
        channel.Kind = input.Kind;
        channel.Transport = input.Transport;
        channel.Number = input.Number.Trim();
        channel.Status = input.Status;
        channel.DefaultDepartmentId = input.DefaultDepartmentId;
        channel.IsActive = input.IsActive;
        channel.UpdatedAt = DateTime.UtcNow;
        if (input.Transport == ChannelTransport.CloudApi)
        {
            channel.CloudApiBaseUrl = string.IsNullOrWhiteSpace(input.CloudApiBaseUrl) ? null : input.CloudApiBaseUrl.Trim();
            channel.CloudApiPhoneNumberId = input.CloudApiPhoneNumberId?.Trim();
            if (!string.IsNullOrWhiteSpace(input.CloudApiAccessToken))
                channel.CloudApiAccessTokenProtected = tokens.Protect(input.CloudApiAccessToken.Trim());
        }
        else
        {
            // A Sandbox channel keeps no Cloud API credentials around.
            channel.CloudApiBaseUrl = null;
            channel.CloudApiPhoneNumberId = null;
            channel.CloudApiAccessTokenProtected = null;
        }
    }

    private static async Task<ChannelRow> RowAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Channels.AsNoTracking().Where(x => x.Id == id)
            .Select(ToRow).SingleAsync(ct);

    private static async Task<Channel> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Channels.SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw Refuse.NotFound(nameof(Channel), id);
}
